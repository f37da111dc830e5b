//! Blog pages as copied or scraped from a browser: the post, then its comment thread, with
//! the platform's button labels glued into the text (`AntwortenLöschen` after a Blogger
//! comment, `Löschen` after a reply, `Antworten` and `Gefällt mir` on WordPress) and the
//! page furniture around it (`Kommentar veröffentlichen`, `Älterer Post`, `Startseite`,
//! `Abonnieren: …`, `Teilen mit:`, `Kommentar verfassen` …).
//!
//! The rules, which hold for the Blogger and WordPress families of pages rather than for
//! one file:
//!
//! 1. **Furniture lines** are dropped wherever they stand: navigation, share and subscribe
//!    lines, comment forms, comment-count headers (`3 Kommentare:`, `5 Gedanken zu „…“`),
//!    post footers (`Eingestellt von …`, `Labels: …`, `Kategorien: …`), photo credits
//!    (`Fotos: ak2015`, `Bild: …`) and link residue ending or starting with `|`.
//! 2. **Button labels** (`Antworten`, `Löschen`, `Reply`, `Delete`, alone or in runs like
//!    `AntwortenLöschen`) are recognised alone on a line, glued to the start or end of a
//!    line, or glued between two words (a run of two labels, or one label between a lower
//!    case letter or punctuation and a letter); a capitalised word followed by a space
//!    (`Antworten Sie bitte …`) is text, not a label. A label whose preceding text ends a
//!    sentence (`.`, `!`, `?`, `…`, an emoticon or emoji, a URL) or a closing formula or
//!    signature (`Viele Grüße`, `LG`, a short name line after it) ends a comment; a label
//!    that cuts a sentence is removed and the two parts are joined with a space.
//! 3. **Salutations** at the start of a line (or right after a label) start a new comment:
//!    `Hallo X`, `Hi`, `Moin`, `Liebe/Lieber X`, `Sehr geehrte/r X`, `Guten Tag`, `@X`,
//!    and reply openers like `Vielen Dank für Ihren Kommentar`. The names they address are
//!    kept in `meta.addressees`; group words (`Hallo zusammen`, `Liebe Leute`) name nobody.
//! 4. **Author and date lines** that survived the scrape (`Anonym hat gesagt…`,
//!    `Max sagt:`, `5. Juni 2015 um 10:58`, a name glued to a date) start a comment and set
//!    its author and date (a date line right under a comment's text dates that comment and
//!    ends it) (the date as ISO 8601, taken as UTC, the text as it was in
//!    `meta.date_text`).
//! 5. **Where the post ends**: at the last post footer or comment-count header before the
//!    first label (else at the last photo credit before it; not counting a like button
//!    right before a label, which belongs to a comment), else (when the page has labels
//!    or a comment form) at the first salutation, else at the first author or date line,
//!    else just before the line that precedes the first label. A page without labels,
//!    salutations or such furniture is a post without comments. The comment section ends
//!    at the first comment form or navigation line after the last label; what follows it
//!    (sidebars, footers) is dropped with a warning.
//! 6. **Authors**: a footer like `Eingestellt von X um 10:58` names the post's author; a
//!    comment ending in a closing formula and a short name line (`Viele Grüße` / `Tom`) is
//!    signed (`meta.author_from_signature: true`). A comment whose salutation names exactly
//!    one person answers that person's latest earlier comment (a first name, or `Frau`/
//!    `Herr` and the surname, suffice), if there is one (it becomes the parent,
//!    `meta.parent_inferred: true`); else it answers the comment before it (for the first
//!    comment: the post), whose author, where unknown, is the name
//!    (`meta.author_inferred: true`). A reply opener (`Vielen Dank für Ihren Kommentar`)
//!    answers the comment before it.
//!
//! The first line of the post is its title when it is short (at most 12 words) and does not
//! end like a sentence (`.`, `,`, `;`, `:`). The post's paragraphs (one a line in the
//! scrape; a line after one that does not end a sentence is joined to it when it goes on
//! in lower case or the line before is long running text, more than 8 words) are separated
//! by blank lines; a comment's lines by line breaks.
//!
//! Records: the post is one record and each recovered comment one more; dropped furniture
//! lines are not records. The post's id is the file name without extension, comment ids
//! are `c1`, `c2`, ….
//!
//! ```
//! use korpus::input::blog_text;
//! let page = "Der Radweg am Ring ist endlich fertig.\n\
//!             Fotos: ak2015\n\
//!             Hallo Anke, schöner Bericht! Wann kommt der nächste Abschnitt?\n\
//!             AntwortenLöschenHallo Max. Im Herbst, sagt die\n\
//!             AntwortenLöschenStadt.\n\
//!             Kommentar veröffentlichen\n\
//!             Älterer Post Startseite";
//! let t = blog_text::parse("radweg", page);
//! assert_eq!(t.post.text, "Der Radweg am Ring ist endlich fertig.");
//! assert_eq!(t.post.author.as_deref(), Some("Anke"));
//! assert_eq!(t.comments.len(), 2);
//! assert_eq!(t.comments[0].author.as_deref(), Some("Max"));
//! assert_eq!(t.comments[1].text, "Hallo Max. Im Herbst, sagt die Stadt.");
//! assert_eq!(t.comments[1].parent, Some(0));
//! assert_eq!(t.comments[1].meta["addressees"], serde_json::json!(["Max"]));
//! ```

use super::{Reader, Sink};
use crate::error::{Position, Result};
use crate::model::{Comment, Date, Meta, Post, Thread};
use regex::Regex;
use serde_json::Value;
use std::io::BufRead;
use std::path::Path;
use std::sync::LazyLock;

/// What a dropped furniture line tells about the page's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Photo credits: a weak sign that the post ends here.
    Credit,
    /// Post footer, share buttons, like buttons, comment-count headers: the post ends.
    PostEnd,
    /// Comment form, navigation, subscription links: the comment section ends.
    FormEnd,
    /// Anything else (link residue): no structural meaning.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    /// Text; `fresh` when it starts a line of the page.
    Text { text: String, fresh: bool },
    /// A button label (the text of the run that was removed).
    Label,
    /// A dropped furniture line.
    Furniture(Kind),
    /// The post's author, named in a dropped footer line (`Eingestellt von X um 10:58`).
    PostAuthor(String),
    /// A surviving author and/or date line.
    Header {
        author: Option<String>,
        date: Option<(String, String)>,
    },
}

const MONTHS: &str =
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember";

fn re(s: &str) -> Regex {
    // The patterns are constants of this file; a typo fails every test.
    Regex::new(s).unwrap_or_else(|e| panic!("bad built-in pattern {s}: {e}"))
}

/// Whole-line furniture, by kind. Each pattern must match the full (trimmed) line.
static FURNITURE: LazyLock<Vec<(Regex, Kind)>> = LazyLock::new(|| {
    let credit = r"^[(\[]?(?:Fotos?|Bild(?:er)?|Grafik(?:en)?|Abbildung(?:en)?|Titelbild|Titelfoto|Beitragsbild|Headerbild|Bildquellen?|Fotoquellen?|Bildnachweis|Fotonachweis|Fotografie|Photos?|Images?|Credits?|Foto\(s\)|Bild\(er\))(?:\s+(?:von|by|oben|unten))?\s*[:/©]\s*[^.!?]{0,80}[)\]]?$";
    let copyright = r"^(?:©|\(c\)|Copyright)\s*\S.{0,60}$";
    let post_end = [
        r"^Eingestellt (?:von|am|um)\b.*$",
        r"^Gepostet (?:von|am)\b.*$",
        r"^Veröffentlicht (?:von|am|in|unter)\b.*$",
        r"^(?:Labels|Label|Kategorien|Kategorie|Schlagwörter|Schlagworte|Stichwörter|Stichworte|Tags|Themen|Abgelegt unter|Posted in|Filed under|Tagged)\s*:.*$",
        r"^(?:Diesen Post per E-Mail versenden|Per E-Mail versendenBlogThis!|BlogThis!|In Twitter freigeben|In Facebook freigeben|Auf Pinterest teilen|Auf Facebook teilen|Auf Twitter teilen|Auf X teilen)(?:\s*(?:BlogThis!|In Twitter freigeben|In Facebook freigeben|Auf Pinterest teilen|Per E-Mail versenden))*$",
        r"^(?:Teilen(?: mit)?|Replies|Diesen Beitrag teilen|Share this|Teile dies|Weitersagen|Gefällt mir|Like this|Reaktionen|Ähnliche Beiträge|Verwandte Beiträge|Verwandte Artikel|Ähnliche Artikel|Related|Beitrags-Navigation|Beitragsnavigation|Post navigation)\s*:?$",
        r"^(?:(?:Twitter|Facebook|X|WhatsApp|LinkedIn|Pinterest|Tumblr|Reddit|Pocket|Telegram|Threads|Mastodon|E-Mail|Email|Drucken|Print|Mehr|Klicken zum Ausdrucken|Klick, um .{1,60})(?:\s*\(Wird in neuem Fenster geöffnet\))?\s*)+$",
        r"^(?:Gefällt(?: mir| \d+ (?:Person|Personen))\s*)+(?:Wird geladen\s*(?:…|\.\.\.)?)?$",
        r"^Wird geladen\s*(?:…|\.\.\.)?$",
        r"^(?:Vorheriger|Nächster|Voriger) (?:Beitrag|Artikel)\b.*$",
        r"^(?:Keine|Ein|Eine|Zwei|Drei|Vier|Fünf|\d+) (?:Kommentare?|Antworten|Antwort|Reaktionen|Reaktion|Gedanken|Gedanke|Meinungen|Meinung)(?:\s+(?:zu|auf|zum|über)\b.*|\s*:?)$",
        r"^(?:Einen|Ein) Gedanken? zu\b.*$",
        r"^(?:Kommentare|Kommentar|Comments|Leserkommentare|Diskussion)(?:\s*\(\d+\))?\s*:?$",
        r"^\d+ (?:comments?|responses?|thoughts on)\b.*$",
    ];
    let form_end = [
        r"^(?:Kommentar veröffentlichen|Kommentar verfassen|Kommentar absenden|Kommentar schreiben|Kommentar hinterlassen|Schreibe einen Kommentar|Schreib einen Kommentar|Hinterlasse einen Kommentar|Hinterlasse eine Antwort|Antwort hinterlassen|Antwort verfassen|Antworten abbrechen|Antwort abbrechen|Kommentar abbrechen|Post a Comment|Leave a Reply|Leave a comment|Cancel reply)\b.*$",
        r"^(?:(?:Neuerer Post|Älterer Post|Neuere Posts|Ältere Posts|Neuerer Beitrag|Älterer Beitrag|Neuere Beiträge|Ältere Beiträge|Startseite|Newer Post|Older Post|Home)\s*[|·•]?\s*)+$",
        r"^(?:Abonnieren|Subscribe to)\s*:.*$",
        r"^(?:Gib hier deinen Kommentar ein|Trage deine Daten unten ein|Benachrichtige mich|Benachrichtigen Sie mich|Melde dich an|Hinweis: Nur ein Mitglied dieses Blogs|Kommentare einblenden|Kommentare ausblenden|Weitere laden|Mehr laden|Bloggen auf WordPress|Erstelle kostenlos eine Website|Powered by Blogger|Bereitgestellt von Blogger|Design:|Theme:|Impressum|Datenschutzerklärung|Datenschutz)\b.*$",
    ];
    let mut v = vec![(re(credit), Kind::Credit), (re(copyright), Kind::Credit)];
    v.extend(post_end.iter().map(|p| (re(p), Kind::PostEnd)));
    v.extend(form_end.iter().map(|p| (re(p), Kind::FormEnd)));
    v
});

/// A run of button labels.
static LABELS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:Antworten|Löschen|Reply|Delete)(?:\s?(?:Antworten|Löschen|Reply|Delete))*")
});

/// A salutation at the start of a comment; group 1 holds what follows the greeting.
static SALUTATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:Hallo|Hallöchen|Hi|Hey|Moin(?: moin)?|Servus|Grüß (?:Gott|dich|Sie)|Guten (?:Morgen|Tag|Abend)|Tag|Liebe|Lieber|Liebes|Sehr geehrte|Sehr geehrter|Sehr geehrtes|Werte|Werter|Geehrte|Geehrter|Dear|Hello)\b[ \t]*(.*)$",
    )
});

/// Reply openers that start a comment without naming anyone.
static OPENER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?:Vielen|Herzlichen|Besten|Lieben|Schönen) )?(?:Dank|Danke)(?: schön| sehr)?,? (?:auch )?(?:für|fuer) (?:Ihren|Ihre|Ihr|deinen|deine|dein|Deinen|Deine|Dein|euren|eure|den|die|das|diesen|diese|dieses) (?:ausführlichen |freundlichen |netten |kritischen |interessanten |langen )?(?:Kommentar|Kommentare|Beitrag|Hinweis|Hinweise|Frage|Fragen|Rückmeldung|Anmerkung|Anmerkungen|Nachfrage|Antwort|Feedback|Worte|Einwand|Einwände|Zuschrift|Anregung|Anregungen|Lob|Kritik)\b",
    )
});

/// `@Name` at the start of a comment.
static MENTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"^@([\p{L}][\p{L}\p{N}_.-]*(?: [\p{Lu}][\p{L}-]*)?)"));

/// A surviving author line.
static AUTHOR_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(\S.{0,60}?)\s+(?:hat gesagt\s*(?:…|\.\.\.)|sagt|sagte|meint|meinte|schreibt|schrieb|kommentierte|says|said)\s*:?$",
    )
});

/// A surviving date line, possibly with a name glued before it.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(.{{0,60}}?)\s*(?:(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag),?\s+)?(\d{{1,2}})\.\s*({MONTHS})\s+(\d{{4}})(?:,?\s*(?:um|at|-|–)?\s*(\d{{1,2}})[:.](\d{{2}})(?:\s*Uhr)?)?\s*(?:(?:Antworten|Reply|Bearbeiten|Edit|Permalink)\s*)*$"
    ))
});

static NUMERIC_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(.{0,60}?)\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s*(?:um|-|–)?\s*(\d{1,2}):(\d{2})(?:\s*Uhr)?)?\s*$",
    )
});

/// A post footer naming the author.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:Eingestellt|Gepostet|Veröffentlicht|Geschrieben|Verfasst) von\s+(.+?)(?:\s+(?:um|am|in|unter)\b.*)?$",
    )
});

/// A closing formula at the end of a comment.
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?:Viele|Liebe|Beste|Herzliche|Freundliche|Schöne|Sonnige|Solidarische|Kollegiale|Mit freundlichen|Mit besten|Mit herzlichen)\s+)?(?:Grüße|Gruß|Grüsse|Gruss)\b|^(?:LG|VG|MfG|Mfg|mfg|lg|vg|Ciao|Tschüss|Tschüs|Bis bald|Cheers|Best)\b",
    )
});

/// Words that address a group, not a person.
const GROUP_WORDS: &[&str] = &[
    "zusammen",
    "allerseits",
    "alle",
    "alle,",
    "Leute",
    "Leser",
    "Leserin",
    "Leserinnen",
    "Mitleser",
    "Mitleserinnen",
    "Mitlesende",
    "Kommentatoren",
    "Kommentierende",
    "Freunde",
    "Freundinnen",
    "Gemeinde",
    "Damen",
    "Herren",
    "Forum",
    "Team",
    "Redaktion",
    "Blogger",
    "Bloggerin",
    "miteinander",
    "ihr",
    "Ihr",
    "Kolleginnen",
    "Kollegen",
    "Bürgerinnen",
    "Bürger",
    "Mitbürgerinnen",
    "Mitbürger",
    "Genossinnen",
    "Genossen",
    "Nachbarn",
    "Anwesende",
    "Interessierte",
    "Mitstreiter",
    "Mitstreiterinnen",
];

/// Words that may stand inside a name.
const NAME_PARTICLES: &[&str] = &[
    "von", "van", "de", "der", "den", "zu", "vom", "Frau", "Herr", "Dr.", "Prof.", "Mr.", "Mrs.",
];

/// True when `text` (its start) looks like a scraped blog page: it has glued button labels
/// or the furniture of a comment section. Used by automatic format detection.
///
/// ```
/// use korpus::input::blog_text::looks_like_page;
/// assert!(looks_like_page("Guter Punkt!\nAntworten\nKommentar verfassen"));
/// assert!(!looks_like_page("Der Rat tagt am Montag.\nAntworten gibt es keine."));
/// ```
pub fn looks_like_page(text: &str) -> bool {
    let mut labels = 0;
    let mut furniture = 0;
    let mut bylines = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.contains("AntwortenLöschen") || line.contains("ReplyDelete") {
            return true;
        }
        if matches!(
            furniture_kind(line),
            Some(Kind::FormEnd) | Some(Kind::PostEnd)
        ) {
            furniture += 1;
        }
        if split_labels(line).iter().any(|p| matches!(p, Piece::Label)) {
            labels += 1;
        }
        if AUTHOR_LINE.is_match(line) {
            bylines += 1;
        }
    }
    (labels > 0 || bylines > 0) && furniture > 0 || furniture >= 2
}

fn furniture_kind(line: &str) -> Option<Kind> {
    if line.ends_with('|') || line.starts_with('|') {
        return Some(Kind::Other);
    }
    FURNITURE
        .iter()
        .find(|(r, _)| r.is_match(line))
        .map(|&(_, k)| k)
}

#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Label,
}

/// Splits a line at the button labels that are labels (see the module docs).
fn split_labels(line: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut last = 0;
    for m in LABELS.find_iter(line) {
        let before = &line[..m.start()];
        let after = &line[m.end()..];
        let words = label_words(m.as_str());
        let multi = words >= 2;
        let prev = before.chars().next_back();
        let next = after.chars().next();
        let glued_before = prev.is_some_and(|c| !c.is_whitespace());
        let glued_after = next.is_some_and(|c| !c.is_whitespace());
        let at_start = before.trim().is_empty();
        let at_end = after.trim().is_empty();
        let upper_after =
            next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"„“»'@(".contains(c));
        let lower_or_punct_before = prev
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_punctuation() || "…“”»".contains(c));
        let label = if at_start && at_end {
            true
        } else if at_start {
            multi || glued_after && upper_after
        } else if at_end {
            multi || glued_before && lower_or_punct_before
        } else if glued_before && glued_after {
            multi || lower_or_punct_before && next.is_some_and(char::is_alphabetic)
        } else {
            multi
        };
        if !label {
            continue;
        }
        if m.start() > last {
            out.push(Piece::Text(&line[last..m.start()]));
        }
        out.push(Piece::Label);
        last = m.end();
    }
    if last < line.len() {
        out.push(Piece::Text(&line[last..]));
    }
    out
}

fn label_words(run: &str) -> usize {
    ["Antworten", "Löschen", "Reply", "Delete"]
        .iter()
        .map(|w| run.matches(w).count())
        .sum()
}

fn month_number(name: &str) -> u32 {
    match name {
        "Januar" | "Jänner" => 1,
        "Februar" => 2,
        "März" => 3,
        "April" => 4,
        "Mai" => 5,
        "Juni" => 6,
        "Juli" => 7,
        "August" => 8,
        "September" => 9,
        "Oktober" => 10,
        "November" => 11,
        _ => 12,
    }
}

/// A surviving author and/or date line: (author, (ISO date, the date as written)).
type HeaderLine = (Option<String>, Option<(String, String)>);

/// An author and/or date line.
fn header(line: &str) -> Option<HeaderLine> {
    if let Some(c) = AUTHOR_LINE.captures(line) {
        let name = c[1].trim().to_string();
        if name.split_whitespace().count() <= 5 {
            return Some((Some(name), None));
        }
    }
    let (name, start, d, m, y, h, mi) = if let Some(c) = DATE_LINE.captures(line) {
        (
            c.get(1).map_or("", |x| x.as_str()),
            c.get(2).map_or(0, |x| x.start()),
            c[2].parse::<u32>().ok()?,
            month_number(&c[3]),
            c[4].parse::<u32>().ok()?,
            c.get(5).and_then(|x| x.as_str().parse::<u32>().ok()),
            c.get(6).and_then(|x| x.as_str().parse::<u32>().ok()),
        )
    } else if let Some(c) = NUMERIC_DATE_LINE.captures(line) {
        (
            c.get(1).map_or("", |x| x.as_str()),
            c.get(2).map_or(0, |x| x.start()),
            c[2].parse::<u32>().ok()?,
            c[3].parse::<u32>().ok()?,
            c[4].parse::<u32>().ok()?,
            c.get(5).and_then(|x| x.as_str().parse::<u32>().ok()),
            c.get(6).and_then(|x| x.as_str().parse::<u32>().ok()),
        )
    } else {
        return None;
    };
    // A date line names at most a short name before the date, never a sentence.
    let name = name.trim().trim_end_matches([',', '-', '–', '|']).trim();
    if name.split_whitespace().count() > 5 || name.ends_with(['.', '!', '?', ':']) {
        return None;
    }
    if !(1..=31).contains(&d) || !(1..=12).contains(&m) {
        return None;
    }
    let iso = match (h, mi) {
        (Some(h), Some(mi)) if h < 24 && mi < 60 => {
            format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:00")
        }
        _ => format!("{y:04}-{m:02}-{d:02}"),
    };
    let author = (!name.is_empty()).then(|| name.to_string());
    let text = line[start..].trim().to_string();
    Some((author, Some((iso, text))))
}

/// Turns the page into items: furniture, headers, labels and text pieces.
fn items(text: &str) -> Vec<Item> {
    let mut out = Vec::new();
    for raw in text.lines() {
        let line = raw.replace('\u{a0}', " ");
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(kind) = furniture_kind(line) {
            out.push(Item::Furniture(kind));
            if let Some(c) = BYLINE.captures(line) {
                out.push(Item::PostAuthor(c[1].trim().to_string()));
            }
            continue;
        }
        if let Some((author, date)) = header(line) {
            out.push(Item::Header { author, date });
            continue;
        }
        let mut fresh = true;
        for piece in split_labels(line) {
            match piece {
                Piece::Label => {
                    out.push(Item::Label);
                    fresh = true;
                }
                Piece::Text(t) => {
                    let t = t.trim();
                    if !t.is_empty() {
                        out.push(Item::Text {
                            text: t.to_string(),
                            fresh,
                        });
                    }
                    fresh = false;
                }
            }
        }
    }
    out
}

/// True when `s` ends like a sentence (or a comment: emoticon, emoji, URL).
fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end();
    let core = t.trim_end_matches(['"', '“', '”', '»', '«', '\'', '’', ')', ']', '*']);
    if core.ends_with(['.', '!', '?', '…']) {
        return true;
    }
    const SMILEYS: [&str; 14] = [
        ":)", ":-)", ";)", ";-)", ":D", ":-D", ":(", ":-(", "^^", "xD", "XD", "<3", ":P", ":-P",
    ];
    if SMILEYS.iter().any(|e| t.ends_with(e)) {
        return true;
    }
    if t.chars().next_back().is_some_and(|c| {
        ('\u{1F000}'..='\u{1FAFF}').contains(&c) || ('\u{2600}'..='\u{27BF}').contains(&c)
    }) {
        return true;
    }
    let last = t.rsplit(char::is_whitespace).next().unwrap_or("");
    last.starts_with("http://") || last.starts_with("https://") || last.starts_with("www.")
}

/// True when the lines of a comment so far end with a closing formula or a signature.
fn ends_with_closing(lines: &[&str]) -> bool {
    let n = lines.len();
    let Some(last) = lines.last() else {
        return false;
    };
    if CLOSING.is_match(last.trim()) {
        return true;
    }
    // A short name line after a closing formula.
    let short = last.split_whitespace().count() <= 4
        && last.split_whitespace().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c == '-')
        });
    short && n >= 2 && CLOSING.is_match(lines[n - 2].trim())
}

/// The salutation that opens `text`, if any: `Some(addressees)`.
fn salutation(text: &str) -> Option<Vec<String>> {
    let text = text.lines().next().unwrap_or("").trim();
    if CLOSING.is_match(text) {
        return None;
    }
    if let Some(c) = MENTION.captures(text) {
        return Some(vec![c[1].trim_end_matches(['.', ',', ':']).to_string()]);
    }
    if OPENER.is_match(text) {
        return Some(Vec::new());
    }
    let c = SALUTATION.captures(text)?;
    let rest = c.get(1).map_or("", |m| m.as_str());
    // "Hallo" must stand alone: "Hallo, …", "Hallo Anke", "Hallo!" — not "Hallodri".
    Some(addressees(rest))
}

/// The names a salutation addresses: `Anke Knopp, gerne …` → `["Anke Knopp"]`.
fn addressees(rest: &str) -> Vec<String> {
    let mut names = Vec::new();
    // The addressed part ends at the first punctuation that closes the salutation.
    let end = rest
        .find([',', '.', '!', ':', ';', '?', '\n', '(', '–'])
        .unwrap_or(rest.len());
    let mut part = &rest[..end];
    // "Frau Dr." keeps its dot: take a following name too.
    if rest[end..].starts_with('.') {
        let head = part.split_whitespace().last().unwrap_or("");
        if matches!(head, "Dr" | "Prof" | "Mr" | "Mrs") {
            let more = &rest[end + 1..];
            let end2 = more
                .find([',', '.', '!', ':', ';', '?'])
                .unwrap_or(more.len());
            part = &rest[..end + 1 + end2];
        }
    }
    for chunk in part.split(" und ").flat_map(|c| c.split(" & ")) {
        let words: Vec<&str> = chunk
            .split_whitespace()
            .filter(|w| {
                !matches!(
                    *w,
                    "liebe" | "lieber" | "liebes" | "sehr" | "geehrte" | "geehrter" | "hallo"
                )
            })
            .collect();
        let mut name = Vec::new();
        for w in words {
            let w = w.trim_matches(['"', '„', '“', '»', '«']);
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            if (capital || NAME_PARTICLES.contains(&w)) && name.len() < 5 {
                name.push(w);
            } else {
                break;
            }
        }
        while name
            .last()
            .is_some_and(|w| NAME_PARTICLES.contains(w) && !w.ends_with('.'))
        {
            name.pop();
        }
        if name.is_empty() || name.iter().any(|w| GROUP_WORDS.contains(w)) {
            continue;
        }
        names.push(name.join(" "));
    }
    names
}

struct Draft {
    lines: Vec<String>,
    author: Option<String>,
    date: Option<(String, String)>,
    /// The last label removed mid-sentence: the next text joins the last line.
    join: bool,
}

impl Draft {
    fn new() -> Draft {
        Draft {
            lines: Vec::new(),
            author: None,
            date: None,
            join: false,
        }
    }
    fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
    fn has_header(&self) -> bool {
        self.author.is_some() || self.date.is_some()
    }
    fn push(&mut self, text: &str, fresh: bool) {
        match self.lines.last_mut() {
            Some(last) if self.join || !fresh => {
                last.push(' ');
                last.push_str(text);
            }
            _ => self.lines.push(text.to_string()),
        }
        self.join = false;
    }
}

/// Splits a scraped page into a thread (see the module docs); `id` becomes the post's id.
///
/// ```
/// let t = korpus::input::blog_text::parse("p", "Kita-Gebühren steigen\nDer Rat hat es beschlossen.\n\
///     Keine Kommentare:\nKommentar veröffentlichen");
/// assert_eq!(t.post.title.as_deref(), Some("Kita-Gebühren steigen"));
/// assert_eq!(t.post.text, "Der Rat hat es beschlossen.");
/// assert!(t.comments.is_empty());
/// ```
pub fn parse(id: &str, page: &str) -> Thread {
    parse_page(id, page).0
}

/// [`parse`], and the number of text lines dropped after the comment section.
fn parse_page(id: &str, page: &str) -> (Thread, usize) {
    let page = page.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let items = items(&page);
    let n = items.len();
    let is_text = |i: usize| matches!(items[i], Item::Text { .. });
    let first_content = (0..n).find(|&i| is_text(i)).unwrap_or(n);
    let first_label = (0..n).find(|&i| items[i] == Item::Label).unwrap_or(n);
    let last_label = (0..n).rev().find(|&i| items[i] == Item::Label);
    let first_form = (first_content..n).find(|&i| items[i] == Item::Furniture(Kind::FormEnd));
    let first_header = (first_content..n).find(|&i| matches!(items[i], Item::Header { .. }));
    let limit = first_label
        .min(first_form.unwrap_or(n))
        .min(first_header.unwrap_or(n));
    // Furniture right before a label (a like button under a comment) belongs to the
    // comment's action row, not to the end of the post.
    let action_row = |i: usize| {
        items[i + 1..]
            .iter()
            .find(|it| !matches!(it, Item::Furniture(_) | Item::PostAuthor(_)))
            == Some(&Item::Label)
    };
    let furniture_before = |kind: Kind| {
        (first_content..limit)
            .rev()
            .find(|&i| items[i] == Item::Furniture(kind) && !action_row(i))
    };
    let salutation_at = |i: usize| match &items[i] {
        Item::Text { text, fresh: true } => salutation(text).is_some(),
        _ => false,
    };
    // Where the comments start (the post is everything before).
    let mut comments_start = if let Some(f) = furniture_before(Kind::PostEnd) {
        f + 1
    } else if let Some(f) = furniture_before(Kind::Credit) {
        f + 1
    } else if let Some(s) = (first_content + 1..limit)
        .find(|&i| salutation_at(i))
        .filter(|_| first_label < n || first_form.is_some())
    {
        s
    } else if first_header.is_some_and(|h| h < first_label.min(first_form.unwrap_or(n))) {
        first_header.unwrap_or(n)
    } else if first_label < n {
        // The line before the first label is the first comment.
        (first_content + 1..first_label)
            .rev()
            .find(|&i| matches!(items[i], Item::Text { fresh: true, .. }))
            .unwrap_or(first_label)
    } else {
        first_form.unwrap_or(n)
    };
    if first_form.is_some_and(|f| f < comments_start) {
        comments_start = first_form.unwrap_or(n);
    }
    let end = (comments_start.max(last_label.map_or(0, |l| l + 1))..n)
        .find(|&i| items[i] == Item::Furniture(Kind::FormEnd))
        .unwrap_or(n);

    // The post.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut post_date: Option<(String, String)> = None;
    let mut post_author: Option<String> = None;
    for item in &items[..comments_start] {
        let n_paragraphs = paragraphs.len();
        match item {
            Item::PostAuthor(name) if post_author.is_none() => post_author = Some(name.clone()),
            Item::Text { text, fresh } => match paragraphs.last_mut() {
                // A line cut by the page layout (never the title line).
                Some(last)
                    if !fresh
                        || n_paragraphs > 1
                            && !ends_sentence(last)
                            && !last.ends_with(':')
                            && (text.chars().next().is_some_and(char::is_lowercase)
                                || last.split_whitespace().count() > 8) =>
                {
                    last.push(' ');
                    last.push_str(text);
                }
                _ => paragraphs.push(text.clone()),
            },
            Item::Header { author, date } => {
                if post_date.is_none() {
                    post_date = date.clone();
                }
                if post_author.is_none() {
                    post_author = author.clone();
                }
            }
            _ => {}
        }
    }
    let title = match paragraphs.first() {
        Some(first)
            if paragraphs.len() > 1
                && first.split_whitespace().count() <= 12
                && !first.trim_end().ends_with(['.', ',', ';', ':']) =>
        {
            Some(paragraphs.remove(0))
        }
        _ => None,
    };
    let mut post_meta = Meta::new();
    let date = post_date.map(|(iso, text)| {
        post_meta.insert("date_text".into(), Value::from(text));
        Date::parse(&iso)
    });
    let mut post = Post {
        id: id.to_string(),
        title,
        author: post_author,
        date,
        text: paragraphs.join("\n\n"),
        meta: post_meta,
        ..Post::default()
    };

    // The comments.
    let mut drafts: Vec<Draft> = Vec::new();
    let mut cur = Draft::new();
    let close = |cur: &mut Draft, drafts: &mut Vec<Draft>| {
        let done = std::mem::replace(cur, Draft::new());
        if !done.is_empty() {
            drafts.push(done);
        }
    };
    for item in &items[comments_start..end] {
        match item {
            Item::Text { text, fresh } => {
                if *fresh && !cur.is_empty() && salutation(text).is_some() {
                    close(&mut cur, &mut drafts);
                }
                cur.push(text, *fresh);
            }
            Item::PostAuthor(_) => {}
            Item::Label | Item::Furniture(_) => {
                if cur.is_empty() {
                    continue;
                }
                let lines: Vec<&str> = cur.lines.iter().map(String::as_str).collect();
                let last = lines.last().copied().unwrap_or("");
                if ends_sentence(last) || ends_with_closing(&lines) {
                    close(&mut cur, &mut drafts);
                } else {
                    cur.join = true;
                }
            }
            Item::Header { author, date } => {
                if author.is_none() && !cur.is_empty() && cur.date.is_none() {
                    // A date under the text it dates (a footer): it ends the comment.
                    cur.date = date.clone();
                    close(&mut cur, &mut drafts);
                    continue;
                }
                let new_author = author.is_some() && cur.author.is_some();
                let new_date = author.is_none() && cur.date.is_some();
                if !cur.is_empty() || new_author || new_date {
                    close(&mut cur, &mut drafts);
                }
                if author.is_some() {
                    cur.author = author.clone();
                }
                if date.is_some() {
                    cur.date = date.clone();
                }
            }
        }
    }
    close(&mut cur, &mut drafts);
    // A closing formula cut off by a label belongs to the comment before it.
    let mut merged: Vec<Draft> = Vec::with_capacity(drafts.len());
    for d in drafts {
        let lines: Vec<&str> = d.lines.iter().map(String::as_str).collect();
        let closing_only = !d.has_header()
            && lines.len() <= 2
            && lines.first().is_some_and(|l| CLOSING.is_match(l.trim()))
            && (lines.len() == 1 || ends_with_closing(&lines));
        match merged.last_mut() {
            Some(prev) if closing_only => prev.lines.extend(d.lines),
            _ => merged.push(d),
        }
    }
    let drafts = merged;

    let mut comments: Vec<Comment> = drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let lines: Vec<&str> = d.lines.iter().map(String::as_str).collect();
            let mut meta = Meta::new();
            let mut author = d.author;
            if author.is_none() && lines.len() >= 2 && ends_with_closing(&lines) {
                if let Some(last) = lines.last().filter(|l| !CLOSING.is_match(l)) {
                    author = Some(last.to_string());
                    meta.insert("author_from_signature".into(), Value::Bool(true));
                }
            }
            let text = d.lines.join("\n");
            if let Some(names) = salutation(&text).filter(|n| !n.is_empty()) {
                meta.insert("addressees".into(), Value::from(names));
            }
            let date = d.date.map(|(iso, t)| {
                meta.insert("date_text".into(), Value::from(t));
                Date::parse(&iso)
            });
            Comment {
                id: format!("c{}", i + 1),
                author,
                date,
                text,
                meta,
                ..Comment::default()
            }
        })
        .collect();
    infer_authors(&mut post, &mut comments);
    let dropped = items[end..]
        .iter()
        .filter(|i| matches!(i, Item::Text { .. }))
        .count();
    (Thread { post, comments }, dropped)
}

/// True when `addressee` names `author`: the same name, or its first part (`Martin` for
/// `Martin S.`), or its last part after `Frau`/`Herr` (`Frau Lang` for `Petra Lang`).
fn same_person(author: &str, addressee: &str) -> bool {
    if author == addressee {
        return true;
    }
    if author
        .strip_prefix(addressee)
        .is_some_and(|rest| rest.starts_with(' '))
    {
        return true;
    }
    match addressee
        .strip_prefix("Frau ")
        .or_else(|| addressee.strip_prefix("Herr "))
    {
        Some(surname) => {
            author.rsplit(' ').next() == Some(surname.rsplit(' ').next().unwrap_or(""))
        }
        None => false,
    }
}

/// Rule 6 of the module docs.
fn infer_authors(post: &mut Post, comments: &mut [Comment]) {
    for k in 0..comments.len() {
        let name = match comments[k].meta.get("addressees") {
            Some(Value::Array(a)) if a.len() == 1 => a[0].as_str().map(String::from),
            _ => None,
        };
        let Some(name) = name else {
            // "Vielen Dank für Ihren Kommentar": an answer to the comment before.
            let first = comments[k].text.lines().next().unwrap_or("");
            if k > 0 && OPENER.is_match(first.trim()) {
                let parent_id = comments[k - 1].id.clone();
                comments[k].parent = Some(k - 1);
                comments[k].parent_id = Some(parent_id);
                comments[k]
                    .meta
                    .insert("parent_inferred".into(), Value::Bool(true));
            }
            continue;
        };
        // An earlier comment by the addressee: this one answers it.
        let answered = (0..k).rev().find(|&j| {
            comments[j]
                .author
                .as_deref()
                .is_some_and(|a| same_person(a, &name))
        });
        let answered = match answered {
            Some(j) => j,
            None if k == 0 => {
                if post.author.is_none() {
                    post.author = Some(name);
                    post.meta
                        .insert("author_inferred".into(), Value::Bool(true));
                }
                continue;
            }
            None => {
                let prev = &mut comments[k - 1];
                if prev.author.is_some() {
                    continue;
                }
                prev.author = Some(name);
                prev.meta
                    .insert("author_inferred".into(), Value::Bool(true));
                k - 1
            }
        };
        let parent_id = comments[answered].id.clone();
        comments[k].parent = Some(answered);
        comments[k].parent_id = Some(parent_id);
        comments[k]
            .meta
            .insert("parent_inferred".into(), Value::Bool(true));
    }
}

pub(super) fn read(
    reader: &mut Reader,
    path: &Path,
    input: Box<dyn BufRead + Send>,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let Some((id, text)) = super::text::read_document(reader, path, input)? else {
        return Ok(());
    };
    let pos = Position::file(path);
    let (thread, dropped) = parse_page(&id, &text);
    if dropped > 0 {
        reader.warn(
            pos.clone(),
            format!("{dropped} text line(s) after the comment section dropped as page furniture"),
        );
    }
    let records = 1 + thread.comments.len() as u64;
    let Thread { post, comments } = thread;
    // Parents were set by index; assembly resolves them again from the ids.
    let comments = comments
        .into_iter()
        .map(|mut c| {
            c.parent = None;
            c
        })
        .collect();
    reader.emit(post, comments, records, pos, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_told_from_words() {
        assert_eq!(
            split_labels("AntwortenLöschenHallo Anonym."),
            vec![Piece::Label, Piece::Text("Hallo Anonym.")]
        );
        assert_eq!(
            split_labels("kann sich dieAntwortenLöschengemeinnützige"),
            vec![
                Piece::Text("kann sich die"),
                Piece::Label,
                Piece::Text("gemeinnützige")
            ]
        );
        assert_eq!(split_labels("Löschen"), vec![Piece::Label]);
        assert_eq!(
            split_labels("problematisch.Löschen"),
            vec![Piece::Text("problematisch."), Piece::Label]
        );
        for text in [
            "Antworten Sie mir bitte.",
            "Antwortende sind willkommen.",
            "Das Löschen der Daten dauert.",
            "Fragen über Fragen, keine Antworten",
        ] {
            assert_eq!(split_labels(text), vec![Piece::Text(text)], "{text}");
        }
    }

    #[test]
    fn salutations_and_addressees() {
        assert_eq!(
            salutation("Hallo Anke Knopp, gerne lese ich"),
            Some(vec!["Anke Knopp".to_string()])
        );
        assert_eq!(
            salutation("Hallo Anonym. Meine Beiträge"),
            Some(vec!["Anonym".to_string()])
        );
        assert_eq!(
            salutation("Sehr geehrte Frau Dr. Weber, danke"),
            Some(vec!["Frau Dr. Weber".to_string()])
        );
        assert_eq!(
            salutation("Liebe Anke und lieber Max, ihr"),
            Some(vec!["Anke".to_string(), "Max".to_string()])
        );
        assert_eq!(salutation("Hallo zusammen, wer"), Some(vec![]));
        assert_eq!(
            salutation("Vielen Dank für Ihren Kommentar. Ja"),
            Some(vec![])
        );
        assert_eq!(salutation("@Peter: genau"), Some(vec!["Peter".to_string()]));
        assert_eq!(salutation("Hallodri sind das."), None);
        assert_eq!(salutation("Die Liebe zur Stadt"), None);
    }

    #[test]
    fn sentence_ends() {
        for s in [
            "Blog.",
            "wissen?",
            "(wollen).",
            "„so“!",
            "super :-)",
            "siehe https://x.de/a",
        ] {
            assert!(ends_sentence(s), "{s}");
        }
        for s in ["kann sich die", "Einfluss nehmen (wollen", "Fragen:"] {
            assert!(!ends_sentence(s), "{s}");
        }
    }

    #[test]
    fn headers() {
        let (a, d) = header("Anonym hat gesagt…").unwrap();
        assert_eq!((a.as_deref(), d), (Some("Anonym"), None));
        let (a, d) = header("Anke Knopp5. Juni 2015 um 10:58").unwrap();
        assert_eq!(a.as_deref(), Some("Anke Knopp"));
        assert_eq!(d.unwrap().0, "2015-06-05T10:58:00");
        assert!(header("Am 5. Juni 2015 war ich dort und sah es.").is_none());
    }

    #[test]
    fn furniture() {
        for l in [
            "Fotos: ak2015",
            "Kommentar veröffentlichen",
            "Neuerer Post Startseite Älterer Post",
            "Abonnieren: Kommentare zum Post (Atom)",
            "Gefällt mir Wird geladen …",
            "3 Gedanken zu „Ratssitzung“",
            "Kommentar verfassen",
            "Teilen mit:",
            "Eingestellt von Anke um 10:58",
            "Bild: Stadtwerke Musterstadt",
            "Bilder: Anke",
            "es wird ernst: die Bundesregierung schaltet Anzeigen |",
        ] {
            assert!(furniture_kind(l).is_some(), "{l}");
        }
        for l in [
            "Die Fotos zeigen den Rat.",
            "Antworten",
            "Kommentare sind willkommen, sagt er.",
        ] {
            assert!(furniture_kind(l).is_none(), "{l}");
        }
    }
}
