//! The corpus model: a [`Corpus`] of [`Thread`]s; a thread is a [`Post`] and its
//! [`Comment`]s, each comment linked to its parent by index.
//!
//! Reply trees are never walked recursively: [`Thread::depths`] and [`Thread::children`]
//! work in linear time with explicit stacks, so a reply chain 100,000 comments deep is as
//! safe as a flat thread.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Extra fields of a record that korpus does not interpret; kept so that conversions are
/// lossless.
pub type Meta = Map<String, Value>;

/// A date as found in the input, with its parsed timestamp when it could be parsed.
///
/// Accepted: ISO 8601 (`2019-03-14`, `2019-03-14T09:30`, `2019-03-14T09:30:00Z`,
/// `2019-03-14T09:30:00.123+01:00`, `+0100`) and `YYYY-MM-DD HH:MM:SS(.fff)`. A date without
/// an offset is taken as UTC. Anything else is kept raw, with no timestamp.
///
/// ```
/// use korpus::Date;
/// let d = Date::parse("2019-10-03 14:30:00");
/// assert_eq!(d.timestamp(), Some(1_570_113_000));
/// assert_eq!(d.year(), Some(2019));
/// let d = Date::parse("am Tag der Deutschen Einheit");
/// assert_eq!(d.timestamp(), None);
/// assert_eq!(d.raw(), "am Tag der Deutschen Einheit");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    raw: String,
    millis: Option<i64>,
}

impl Date {
    /// Parses `raw`; never fails (an unparsable date keeps only its raw text).
    pub fn parse(raw: &str) -> Date {
        Date {
            raw: raw.to_string(),
            millis: parse_millis(raw.trim()),
        }
    }

    /// A date at `millis` milliseconds since 1970-01-01 UTC, written as ISO 8601.
    pub fn from_millis(millis: i64) -> Date {
        Date {
            raw: format_iso(millis),
            millis: Some(millis),
        }
    }

    /// The text as it was in the input.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Milliseconds since 1970-01-01 UTC, when the date could be parsed.
    pub fn millis(&self) -> Option<i64> {
        self.millis
    }

    /// Seconds since 1970-01-01 UTC (rounded down), when the date could be parsed.
    pub fn timestamp(&self) -> Option<i64> {
        self.millis.map(|m| m.div_euclid(1000))
    }

    /// The calendar year (UTC), when the date could be parsed.
    pub fn year(&self) -> Option<i32> {
        self.millis
            .map(|m| civil_from_days(m.div_euclid(86_400_000)).0 as i32)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Date::parse(&s))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn format_iso(millis: i64) -> String {
    let days = millis.div_euclid(86_400_000);
    let ms = millis.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, f) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if f == 0 {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{f:03}Z")
    }
}

/// A cursor over ASCII digits and separators for date parsing.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize) -> Option<i64> {
        let s = self.b.get(self.i..self.i + n)?;
        if !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(s.iter().fold(0, |a, &c| a * 10 + i64::from(c - b'0')))
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn done(&self) -> bool {
        self.i == self.b.len()
    }
}

fn parse_millis(s: &str) -> Option<i64> {
    let mut c = Cursor {
        b: s.as_bytes(),
        i: 0,
    };
    let y = c.digits(4)?;
    if !c.eat(b'-') {
        return None;
    }
    let mo = c.digits(2)?;
    if !c.eat(b'-') {
        return None;
    }
    let d = c.digits(2)?;
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
        return None;
    }
    let mut millis = days_from_civil(y, mo, d) * 86_400_000;
    if c.done() {
        return Some(millis);
    }
    if !(c.eat(b'T') || c.eat(b' ') || c.eat(b't')) {
        return None;
    }
    let h = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let mi = c.digits(2)?;
    let mut sec = 0;
    let mut frac = 0;
    if c.eat(b':') {
        sec = c.digits(2)?;
        if c.eat(b'.') || c.eat(b',') {
            let start = c.i;
            let mut value = 0i64;
            let mut n = 0;
            while let Some(&b) = c.b.get(c.i) {
                if !b.is_ascii_digit() {
                    break;
                }
                if n < 3 {
                    value = value * 10 + i64::from(b - b'0');
                    n += 1;
                }
                c.i += 1;
            }
            if c.i == start {
                return None;
            }
            while n < 3 {
                value *= 10;
                n += 1;
            }
            frac = value;
        }
    }
    if h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi > 0 || sec > 0)) {
        return None;
    }
    millis += ((h * 60 + mi) * 60 + sec) * 1000 + frac;
    // Optional zone: Z, ±HH:MM, ±HHMM, ±HH (a space before it is tolerated).
    c.eat(b' ');
    if c.done() || c.eat(b'Z') || c.eat(b'z') {
        return c.done().then_some(millis);
    }
    let sign = if c.eat(b'+') {
        1
    } else if c.eat(b'-') {
        -1
    } else {
        return None;
    };
    let oh = c.digits(2)?;
    c.eat(b':');
    let om = if c.done() { 0 } else { c.digits(2)? };
    if !c.done() || oh > 23 || om > 59 {
        return None;
    }
    Some(millis - sign * (oh * 60 + om) * 60_000)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// A blog post: the root of a thread.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Post {
    /// The post's id (also the thread's id).
    pub id: String,
    /// Title, when known.
    pub title: Option<String>,
    /// Author (the blog owner), when known.
    pub author: Option<String>,
    /// Publication date, when known.
    pub date: Option<Date>,
    /// Address of the post, when known.
    pub url: Option<String>,
    /// Tags or categories.
    pub tags: Vec<String>,
    /// The post's text (paragraphs separated by blank lines).
    pub text: String,
    /// True when the input had no record for the post itself (only its comments) and the
    /// post was made up from the thread id.
    pub synthetic: bool,
    /// Fields korpus does not interpret.
    pub meta: Meta,
}

/// A comment: a reply to the post or to another comment of the same thread.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comment {
    /// The comment's id (unique within its thread).
    pub id: String,
    /// Index (into [`Thread::comments`]) of the comment this one replies to; `None` for a
    /// reply to the post.
    pub parent: Option<usize>,
    /// The parent id as given in the input (`None` when it replies to the post).
    pub parent_id: Option<String>,
    /// Author, when known.
    pub author: Option<String>,
    /// Date, when known.
    pub date: Option<Date>,
    /// The comment's text.
    pub text: String,
    /// Problems found while the thread was assembled.
    pub flags: CommentFlags,
    /// Fields korpus does not interpret.
    pub meta: Meta,
}

/// Problems of one comment's parent link, found while a thread was assembled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CommentFlags {
    /// The parent id names no comment of the thread; the comment was attached to the post.
    pub orphan: bool,
    /// The parent link closed a cycle; it was cut and the comment attached to the post.
    pub cycle_broken: bool,
}

/// A post and its comments.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Thread {
    /// The post.
    pub post: Post,
    /// The comments in input order; parents are indices into this vector.
    pub comments: Vec<Comment>,
}

/// The children of each node of a thread, in compressed form (one flat vector plus offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Children {
    root: Vec<usize>,
    offsets: Vec<usize>,
    flat: Vec<usize>,
}

impl Children {
    /// Comments that reply to the post, in input order.
    pub fn of_post(&self) -> &[usize] {
        &self.root
    }

    /// Comments that reply to comment `i`, in input order.
    pub fn of(&self, i: usize) -> &[usize] {
        &self.flat[self.offsets[i]..self.offsets[i + 1]]
    }
}

impl Thread {
    /// The thread's id (the post's id).
    pub fn id(&self) -> &str {
        &self.post.id
    }

    /// Depth of every comment: 1 for a reply to the post, parent's depth + 1 otherwise.
    /// Linear time, no recursion.
    pub fn depths(&self) -> Vec<u32> {
        let n = self.comments.len();
        let mut depth = vec![0u32; n];
        let mut stack = Vec::new();
        for i in 0..n {
            if depth[i] != 0 {
                continue;
            }
            // Walk up to a node of known depth (or the post), then assign on the way down.
            let mut j = i;
            let mut base = 0;
            loop {
                if depth[j] != 0 {
                    base = depth[j];
                    break;
                }
                stack.push(j);
                match self.comments[j].parent {
                    Some(p) if p < n && stack.len() <= n => j = p,
                    _ => break,
                }
            }
            while let Some(k) = stack.pop() {
                base += 1;
                depth[k] = base;
            }
        }
        depth
    }

    /// The reply structure as child lists. Linear time.
    pub fn children(&self) -> Children {
        let n = self.comments.len();
        let mut counts = vec![0usize; n + 1];
        let mut root = Vec::new();
        for (i, c) in self.comments.iter().enumerate() {
            match c.parent {
                Some(p) if p < n => counts[p + 1] += 1,
                _ => root.push(i),
            }
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let offsets = counts.clone();
        let mut fill = counts;
        let mut flat = vec![0; offsets[n]];
        for (i, c) in self.comments.iter().enumerate() {
            if let Some(p) = c.parent.filter(|&p| p < n) {
                flat[fill[p]] = i;
                fill[p] += 1;
            }
        }
        Children {
            root,
            offsets,
            flat,
        }
    }

    /// Comments flagged as orphans.
    pub fn orphans(&self) -> usize {
        self.comments.iter().filter(|c| c.flags.orphan).count()
    }

    /// Comments whose parent link was cut to break a cycle.
    pub fn cycles_broken(&self) -> usize {
        self.comments
            .iter()
            .filter(|c| c.flags.cycle_broken)
            .count()
    }

    /// Builds a thread from a post and comments whose `parent_id` is set but whose `parent`
    /// index is not yet resolved. Resolves parents by id; a parent id that equals the post's
    /// id means a reply to the post; a parent id that names no comment makes an orphan
    /// (attached to the post, flagged); parent links that form a cycle are cut at the comment
    /// that closes it (flagged). Fails on a duplicate comment id, naming it.
    ///
    /// ```
    /// use korpus::{Comment, Post, Thread};
    /// let c = |id: &str, parent: Option<&str>| Comment {
    ///     id: id.into(),
    ///     parent_id: parent.map(String::from),
    ///     text: "Sehr guter Beitrag!".into(),
    ///     ..Comment::default()
    /// };
    /// let post = Post { id: "p1".into(), text: "Der Breitbandausbau stockt.".into(), ..Post::default() };
    /// let t = Thread::assemble(post, vec![c("a", None), c("b", Some("a")), c("x", Some("fehlt"))]).unwrap();
    /// assert_eq!(t.comments[1].parent, Some(0));
    /// assert!(t.comments[2].flags.orphan);
    /// assert_eq!(t.depths(), vec![1, 2, 1]);
    /// ```
    pub fn assemble(post: Post, mut comments: Vec<Comment>) -> Result<Thread, String> {
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(comments.len());
        for (i, c) in comments.iter().enumerate() {
            if index.insert(c.id.as_str(), i).is_some() {
                return Err(c.id.clone());
            }
        }
        let resolved: Vec<(Option<usize>, bool)> = comments
            .iter()
            .map(|c| match c.parent_id.as_deref() {
                None => (None, false),
                Some(p) if p == post.id => (None, false),
                Some(p) => match index.get(p) {
                    Some(&i) => (Some(i), false),
                    None => (None, true),
                },
            })
            .collect();
        drop(index);
        for (c, (parent, orphan)) in comments.iter_mut().zip(resolved) {
            c.parent = parent;
            c.flags.orphan = orphan;
        }
        break_cycles(&mut comments);
        Ok(Thread { post, comments })
    }
}

/// Cuts every parent cycle (iteratively, linear time), flagging the comment whose link is cut.
fn break_cycles(comments: &mut [Comment]) {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let n = comments.len();
    let mut state = vec![NEW; n];
    let mut path = Vec::new();
    for i in 0..n {
        let mut j = i;
        while state[j] == NEW {
            state[j] = ON_PATH;
            path.push(j);
            match comments[j].parent {
                Some(p) if p < n => {
                    if state[p] == ON_PATH {
                        comments[j].parent = None;
                        comments[j].flags.cycle_broken = true;
                        break;
                    }
                    j = p;
                }
                _ => break,
            }
        }
        for k in path.drain(..) {
            state[k] = DONE;
        }
    }
}

/// A collection of threads.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Corpus {
    /// The threads, in input order.
    pub threads: Vec<Thread>,
}

impl Corpus {
    /// Number of comments over all threads.
    pub fn comments(&self) -> usize {
        self.threads.iter().map(|t| t.comments.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, parent: Option<&str>) -> Comment {
        Comment {
            id: id.into(),
            parent_id: parent.map(String::from),
            ..Comment::default()
        }
    }

    fn post() -> Post {
        Post {
            id: "p".into(),
            ..Post::default()
        }
    }

    #[test]
    fn dates() {
        let cases = [
            ("1970-01-01", Some(0)),
            ("1970-01-02T00:00:00Z", Some(86_400)),
            ("2015-06-01 08:58:32.363", Some(1_433_149_112)),
            ("2019-03-14T09:30:00+01:00", Some(1_552_552_200)),
            ("2019-03-14T09:30:00+0100", Some(1_552_552_200)),
            ("2019-03-14T08:30Z", Some(1_552_552_200)),
            ("2020-02-29", Some(1_582_934_400)),
            ("2019-02-29", None),
            ("14.03.2019", None),
            ("2019-03-14T09:30:00 foo", None),
            ("", None),
        ];
        for (raw, ts) in cases {
            assert_eq!(Date::parse(raw).timestamp(), ts, "{raw}");
        }
        assert_eq!(
            Date::parse("2015-06-01 08:58:32.363").millis(),
            Some(1_433_149_112_363)
        );
        assert_eq!(
            Date::from_millis(1_552_552_200_000).raw(),
            "2019-03-14T08:30:00Z"
        );
        assert_eq!(Date::parse("1969-12-31T23:00:00Z").year(), Some(1969));
    }

    #[test]
    fn date_round_trip_through_days() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn assembly_flags_orphans_and_cycles() {
        let t = Thread::assemble(
            post(),
            vec![
                c("a", Some("c")),
                c("b", Some("a")),
                c("c", Some("b")),
                c("d", Some("p")),
                c("e", Some("nowhere")),
                c("f", Some("f")),
            ],
        )
        .unwrap();
        assert_eq!(t.cycles_broken(), 2);
        assert_eq!(t.orphans(), 1);
        assert!(t.comments[5].flags.cycle_broken);
        assert_eq!(t.comments[3].parent, None);
        let d = t.depths();
        assert!(d.iter().all(|&x| x >= 1));
        // The cycle a→c→b→a is cut at exactly one place; the other two hang below it.
        let mut sorted = d[..3].to_vec();
        sorted.sort();
        assert_eq!(sorted, vec![1, 2, 3]);
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let err = Thread::assemble(post(), vec![c("a", None), c("a", None)]).unwrap_err();
        assert_eq!(err, "a");
    }

    #[test]
    fn deep_chain_without_recursion() {
        let n = 100_000;
        let comments: Vec<Comment> = (0..n)
            .map(|i| {
                c(
                    &i.to_string(),
                    (i > 0).then(|| (i - 1).to_string()).as_deref(),
                )
            })
            .collect();
        let t = Thread::assemble(post(), comments).unwrap();
        let d = t.depths();
        assert_eq!(d[n - 1] as usize, n);
        let ch = t.children();
        assert_eq!(ch.of_post(), &[0]);
        assert_eq!(ch.of(n - 2), &[n - 1]);
        assert!(ch.of(n - 1).is_empty());
    }
}
