//! Topic dictionaries: categories (topics, which may nest) holding lists of word patterns.
//!
//! # Formats
//! The YAML layout of quanteda dictionaries (`quanteda::dictionary(file = …, format =
//! "YAML")`): a mapping from category names to either a list of patterns or a mapping of
//! sub-categories, to any depth. The same structure as JSON (objects for categories, arrays
//! of strings for pattern lists) is the equivalent second form:
//!
//! ```yaml
//! Verkehr:
//!   ÖPNV:
//!     - "*nahverkehr"
//!     - "tempo 30"
//!   Rad: [radweg*, fahrrad*]
//! Bildung:
//!   - head:schule
//! ```
//! ```json
//! {"Verkehr": {"ÖPNV": ["*nahverkehr", "tempo 30"], "Rad": ["radweg*", "fahrrad*"]},
//!  "Bildung": ["head:schule"]}
//! ```
//! A category given as a single string holds that one pattern; an empty category (`~`) holds
//! none. A category name that occurs twice under the same parent (also across files merged
//! with [`Dictionary::merge`]) is one category. YAML anchors and aliases are refused.
//!
//! # Patterns
//! Patterns are compared with normalised tokens (Unicode lowercase, NFC, unified quotes and
//! dashes: the default [`Normalizer`]); the pattern itself is normalised the same way, so case
//! does not matter in the dictionary either.
//!
//! | pattern | matches a token … | example |
//! |---|---|---|
//! | `wort` | equal to `wort` | `kita` → Kita, not Kitas |
//! | `wort*` | starting with `wort` (or equal) | `breitband*` → Breitbandausbau |
//! | `*wort` | ending with `wort` (or equal) | `*förderung` → Wirtschaftsförderung |
//! | `a b` | multiword: consecutive tokens, each word a pattern as above | `open data`, `industrie 4.0` |
//! | `stem:wort` | whose stem equals the stem of `wort` (no `*` allowed) | `stem:digitalisierung` → Digitalisierungen |
//! | `head:wort` | equal to the pattern, or a compound whose head does (`*` allowed) | `head:schule` → Grundschulen |
//! | `mod:wort` | a compound with a modifier (non-head part) matching | `mod:familie` → Familienpolitik |
//! | `part:wort` | equal to the pattern, or a compound with any part matching | `part:wirtschaft*` |
//!
//! `*` may stand only at the start or at the end of a word of a pattern, not both. Compound
//! parts come from [`crate::stem::compound::Splitter`] in their base form (`Schul-` →
//! `schule`, `Grundschulen` → head `schule`); the `stem:`/`head:`/`mod:`/`part:` prefix
//! applies to every word of a multiword pattern. quanteda reads such prefixed patterns as
//! plain strings that never match, so files stay loadable there.

use crate::error::{Error, ErrorKind, Position};
use crate::normalize::Normalizer;
use serde_json::Value;
use std::fmt;
use std::path::Path;

/// The default dictionary, `corpus/topics/de-politik.yaml`, as embedded in the crate.
pub const GERMAN_POLITICS_YAML: &str = include_str!("../../corpus/topics/de-politik.yaml");

/// How one word of a pattern is compared with a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Glob {
    /// The whole token.
    Exact,
    /// `wort*`: the token starts with the text.
    Prefix,
    /// `*wort`: the token ends with the text.
    Suffix,
}

/// What of a token a pattern is compared with (its `stem:`/`head:`/`mod:`/`part:` prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum MatchMode {
    /// The normalised token (no prefix).
    #[default]
    Token,
    /// `stem:` the stem of the token against the stem of the pattern.
    Stem,
    /// `head:` the token, and the head of the token if it is a compound.
    Head,
    /// `mod:` the modifiers (parts before the head) of a compound token.
    Modifier,
    /// `part:` the token, and every part of the token if it is a compound.
    Part,
}

impl MatchMode {
    /// The prefix written before the pattern (`""` for [`MatchMode::Token`]).
    pub fn prefix(self) -> &'static str {
        match self {
            MatchMode::Token => "",
            MatchMode::Stem => "stem:",
            MatchMode::Head => "head:",
            MatchMode::Modifier => "mod:",
            MatchMode::Part => "part:",
        }
    }
}

/// One word of a pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WordPattern {
    /// The normalised text without `*`.
    pub text: String,
    /// Where the `*` stood.
    pub glob: Glob,
}

/// A parsed pattern: one or more words and a match mode.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    /// The words, in order (several for a multiword pattern).
    pub words: Vec<WordPattern>,
    /// What of each token is compared.
    pub mode: MatchMode,
}

impl Pattern {
    /// Parses a pattern as written in a dictionary.
    ///
    /// ```
    /// use korpus::terms::dictionary::{Glob, MatchMode, Pattern};
    /// let p = Pattern::parse("Internet der Dinge").unwrap();
    /// assert_eq!(p.words.len(), 3);
    /// assert_eq!(p.to_string(), "internet der dinge");
    /// let p = Pattern::parse("head:*förderung").unwrap();
    /// assert_eq!((p.mode, p.words[0].glob), (MatchMode::Head, Glob::Suffix));
    /// assert!(Pattern::parse("wirt*schaft").is_err());
    /// assert!(Pattern::parse("stem:förder*").is_err());
    /// ```
    pub fn parse(raw: &str) -> Result<Pattern, String> {
        let s = raw.trim();
        let mut mode = MatchMode::Token;
        let mut rest = s;
        for m in [
            MatchMode::Stem,
            MatchMode::Head,
            MatchMode::Modifier,
            MatchMode::Part,
        ] {
            if let Some(r) = s.strip_prefix(m.prefix()) {
                mode = m;
                rest = r.trim_start();
                break;
            }
        }
        let normalizer = Normalizer::default();
        let mut words = Vec::new();
        for w in rest.split_whitespace() {
            let (glob, body) = if let Some(b) = w.strip_suffix('*') {
                (Glob::Prefix, b)
            } else if let Some(b) = w.strip_prefix('*') {
                (Glob::Suffix, b)
            } else {
                (Glob::Exact, w)
            };
            if body.contains('*') && glob != Glob::Exact && (body.starts_with('*')) {
                return Err(format!(
                    "pattern `{s}`: `*` may stand at the start or at the end of a word, not both"
                ));
            }
            if body.is_empty() {
                return Err(format!("pattern `{s}`: `*` needs some text beside it"));
            }
            if body.contains('*') {
                return Err(format!(
                    "pattern `{s}`: `*` may only stand at the start or the end of a word"
                ));
            }
            if mode == MatchMode::Stem && glob != Glob::Exact {
                return Err(format!("pattern `{s}`: `stem:` patterns take no `*`"));
            }
            words.push(WordPattern {
                text: normalizer.normalize(body).into_owned(),
                glob,
            });
        }
        if words.is_empty() {
            return Err(format!("empty pattern `{raw}`"));
        }
        Ok(Pattern { words, mode })
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.mode.prefix())?;
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            match w.glob {
                Glob::Exact => f.write_str(&w.text)?,
                Glob::Prefix => write!(f, "{}*", w.text)?,
                Glob::Suffix => write!(f, "*{}", w.text)?,
            }
        }
        Ok(())
    }
}

/// A category (topic) of a dictionary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Category {
    /// Its own name (`Breitband`).
    pub name: String,
    /// Its full name: the names from the top down, joined by `/` (`Digitalisierung/Breitband`).
    pub path: String,
    /// The category it belongs to (an index into [`Dictionary::categories`]).
    pub parent: Option<usize>,
    /// 1 for a top-level category, 2 for its sub-categories, …
    pub depth: usize,
}

/// A pattern of a category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The pattern.
    pub pattern: Pattern,
    /// The category that lists it (an index into [`Dictionary::categories`]).
    pub category: usize,
    /// The line of the dictionary file it stands on (YAML only).
    pub line: Option<u64>,
}

/// A topic dictionary: categories and their patterns.
///
/// ```
/// use korpus::terms::dictionary::Dictionary;
/// let yaml = "Transparenz:\n  Open_Data:\n    - \"open data\"\n    - offene daten\n  - x\n";
/// let err = Dictionary::from_yaml(yaml, "themen.yaml").unwrap_err();
/// assert!(err.to_string().starts_with("themen.yaml:"), "{err}");
///
/// let d = Dictionary::from_yaml("Transparenz:\n  Open_Data:\n    - \"open data\"\n    - transparenz*\n", "t.yaml").unwrap();
/// assert_eq!(d.categories()[1].path, "Transparenz/Open_Data");
/// assert_eq!(d.entries()[1].line, Some(4));
/// let same = Dictionary::from_json(r#"{"Transparenz": {"Open_Data": ["open data", "transparenz*"]}}"#, "t.json").unwrap();
/// assert_eq!(d.to_json(), same.to_json());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dictionary {
    categories: Vec<Category>,
    entries: Vec<Entry>,
}

impl Dictionary {
    /// The default dictionary for German local and national politics
    /// (`corpus/topics/de-politik.yaml`, embedded in the crate).
    ///
    /// ```
    /// let d = korpus::terms::dictionary::Dictionary::german_politics();
    /// assert!(d.top_level().any(|c| c.name == "Digitalisierung"));
    /// ```
    pub fn german_politics() -> Dictionary {
        // The embedded file is checked by this module's tests; it cannot fail to parse.
        Dictionary::from_yaml(GERMAN_POLITICS_YAML, "corpus/topics/de-politik.yaml")
            .unwrap_or_default()
    }

    /// The categories, parents before their children, in the order of the file.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// The top-level categories.
    pub fn top_level(&self) -> impl Iterator<Item = &Category> {
        self.categories.iter().filter(|c| c.depth == 1)
    }

    /// The patterns, in the order of the file.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of patterns listed under category `c` and its sub-categories.
    pub fn pattern_count(&self, c: usize) -> usize {
        self.entries
            .iter()
            .filter(|e| self.is_within(e.category, c))
            .count()
    }

    /// True when category `c` is `ancestor` or lies below it.
    pub fn is_within(&self, mut c: usize, ancestor: usize) -> bool {
        loop {
            if c == ancestor {
                return true;
            }
            match self.categories.get(c).and_then(|x| x.parent) {
                Some(p) => c = p,
                None => return false,
            }
        }
    }

    /// The category `name` under `parent`, created if needed.
    fn category(&mut self, name: &str, parent: Option<usize>) -> usize {
        if let Some(i) = self
            .categories
            .iter()
            .position(|c| c.parent == parent && c.name == name)
        {
            return i;
        }
        let (path, depth) = match parent {
            Some(p) => (
                format!("{}/{name}", self.categories[p].path),
                self.categories[p].depth + 1,
            ),
            None => (name.to_string(), 1),
        };
        self.categories.push(Category {
            name: name.to_string(),
            path,
            parent,
            depth,
        });
        self.categories.len() - 1
    }

    /// Adds the categories and patterns of `other` (categories with the same path are joined).
    pub fn merge(&mut self, other: Dictionary) {
        let mut map = Vec::with_capacity(other.categories.len());
        for c in &other.categories {
            let parent = c.parent.map(|p| map[p]);
            map.push(self.category(&c.name, parent));
        }
        for e in other.entries {
            self.entries.push(Entry {
                category: map[e.category],
                ..e
            });
        }
    }

    /// Reads a dictionary file: JSON when its name ends in `.json` or its text starts with
    /// `{`, YAML otherwise.
    pub fn from_path(path: &Path) -> crate::Result<Dictionary> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(e, path))?;
        let origin = path.display().to_string();
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            || text.trim_start().starts_with('{');
        if is_json {
            Dictionary::from_json(&text, &origin)
        } else {
            Dictionary::from_yaml(&text, &origin)
        }
    }

    /// Parses a quanteda-style YAML dictionary; `origin` names the file in errors.
    pub fn from_yaml(text: &str, origin: &str) -> crate::Result<Dictionary> {
        let mut p = YamlReader {
            parser: yaml_rust2::parser::Parser::new_from_str(text),
            origin,
            dict: Dictionary::default(),
        };
        p.document()?;
        Ok(p.dict)
    }

    /// Parses the JSON form (objects for categories, arrays of strings for patterns).
    pub fn from_json(text: &str, origin: &str) -> crate::Result<Dictionary> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::new(
                ErrorKind::Format(format!("invalid JSON dictionary: {e}")),
                Position::file(origin).at_line(e.line() as u64),
            )
        })?;
        let Value::Object(top) = value else {
            return Err(format_error(
                origin,
                None,
                "a dictionary must be an object of categories".into(),
            ));
        };
        let mut dict = Dictionary::default();
        json_categories(&mut dict, &top, None, origin)?;
        Ok(dict)
    }

    /// The dictionary in its JSON form (the same nesting as the YAML file).
    pub fn to_json(&self) -> Value {
        fn node(d: &Dictionary, c: usize) -> Value {
            let children: Vec<usize> = (0..d.categories.len())
                .filter(|&k| d.categories[k].parent == Some(c))
                .collect();
            if children.is_empty() {
                Value::Array(
                    d.entries
                        .iter()
                        .filter(|e| e.category == c)
                        .map(|e| Value::String(e.pattern.to_string()))
                        .collect(),
                )
            } else {
                Value::Object(
                    children
                        .into_iter()
                        .map(|k| (d.categories[k].name.clone(), node(d, k)))
                        .collect(),
                )
            }
        }
        Value::Object(
            (0..self.categories.len())
                .filter(|&c| self.categories[c].parent.is_none())
                .map(|c| (self.categories[c].name.clone(), node(self, c)))
                .collect(),
        )
    }

    fn add(
        &mut self,
        raw: &str,
        category: usize,
        line: Option<u64>,
        origin: &str,
    ) -> crate::Result<()> {
        let pattern = Pattern::parse(raw).map_err(|m| {
            format_error(
                origin,
                line,
                format!("category {}: {m}", self.categories[category].path),
            )
        })?;
        self.entries.push(Entry {
            pattern,
            category,
            line,
        });
        Ok(())
    }
}

fn format_error(origin: &str, line: Option<u64>, message: String) -> Error {
    let mut pos = Position::file(origin);
    if let Some(l) = line {
        pos = pos.at_line(l);
    }
    Error::new(ErrorKind::Format(message), pos)
}

fn json_categories(
    dict: &mut Dictionary,
    map: &serde_json::Map<String, Value>,
    parent: Option<usize>,
    origin: &str,
) -> crate::Result<()> {
    for (name, value) in map {
        let c = dict.category(name, parent);
        match value {
            Value::Object(sub) => json_categories(dict, sub, Some(c), origin)?,
            Value::Array(items) => {
                for item in items {
                    match item {
                        Value::String(s) => dict.add(s, c, None, origin)?,
                        other => {
                            return Err(format_error(
                                origin,
                                None,
                                format!(
                                    "category {}: a pattern must be a string, not {other}",
                                    dict.categories[c].path
                                ),
                            ))
                        }
                    }
                }
            }
            Value::String(s) => dict.add(s, c, None, origin)?,
            Value::Null => {}
            other => {
                return Err(format_error(
                    origin,
                    None,
                    format!(
                        "category {}: expected a list of patterns or sub-categories, not {other}",
                        dict.categories[c].path
                    ),
                ))
            }
        }
    }
    Ok(())
}

/// Reads the YAML event stream into a dictionary, keeping line numbers.
struct YamlReader<'a> {
    parser: yaml_rust2::parser::Parser<std::str::Chars<'a>>,
    origin: &'a str,
    dict: Dictionary,
}

type Ev = (yaml_rust2::parser::Event, u64);

impl YamlReader<'_> {
    fn next(&mut self) -> crate::Result<Ev> {
        match self.parser.next_token() {
            Ok((ev, mark)) => Ok((ev, mark.line() as u64)),
            Err(e) => Err(format_error(
                self.origin,
                Some(e.marker().line() as u64),
                format!("invalid YAML: {}", e.info()),
            )),
        }
    }

    fn err(&self, line: u64, message: impl Into<String>) -> Error {
        format_error(self.origin, Some(line), message.into())
    }

    fn document(&mut self) -> crate::Result<()> {
        use yaml_rust2::parser::Event;
        loop {
            let (ev, line) = self.next()?;
            match ev {
                Event::StreamStart | Event::DocumentStart | Event::Nothing => {}
                Event::StreamEnd => return Ok(()),
                Event::DocumentEnd => {}
                Event::MappingStart(..) => self.categories(None)?,
                Event::Scalar(s, ..) if s.is_empty() || s == "~" || s == "null" => {}
                _ => {
                    return Err(self.err(
                        line,
                        "a dictionary must be a mapping from category names to patterns",
                    ))
                }
            }
        }
    }

    /// The entries of a mapping whose start was read.
    fn categories(&mut self, parent: Option<usize>) -> crate::Result<()> {
        use yaml_rust2::parser::Event;
        loop {
            let (ev, line) = self.next()?;
            match ev {
                Event::MappingEnd => return Ok(()),
                Event::Scalar(name, ..) => {
                    let c = self.dict.category(name.trim(), parent);
                    self.value(c)?;
                }
                Event::Alias(_) => return Err(self.err(line, "YAML aliases are not supported")),
                _ => return Err(self.err(line, "expected a category name")),
            }
        }
    }

    /// The value of category `c`: patterns or sub-categories.
    fn value(&mut self, c: usize) -> crate::Result<()> {
        use yaml_rust2::parser::Event;
        use yaml_rust2::scanner::TScalarStyle;
        let (ev, line) = self.next()?;
        match ev {
            Event::MappingStart(..) => self.categories(Some(c)),
            Event::SequenceStart(..) => loop {
                let (ev, line) = self.next()?;
                match ev {
                    Event::SequenceEnd => return Ok(()),
                    Event::Scalar(s, ..) => self.dict.add(&s, c, Some(line), self.origin)?,
                    _ => {
                        return Err(self.err(
                            line,
                            format!(
                                "category {}: a pattern list holds only strings",
                                self.dict.categories[c].path
                            ),
                        ))
                    }
                }
            },
            Event::Scalar(s, style, ..)
                if style == TScalarStyle::Plain && (s.is_empty() || s == "~" || s == "null") =>
            {
                Ok(())
            }
            Event::Scalar(s, ..) => self.dict.add(&s, c, Some(line), self.origin),
            Event::Alias(_) => Err(self.err(line, "YAML aliases are not supported")),
            _ => Err(self.err(
                line,
                format!(
                    "category {}: expected a list of patterns or sub-categories",
                    self.dict.categories[c].path
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_dictionary_parses() {
        let d = Dictionary::from_yaml(GERMAN_POLITICS_YAML, "de-politik.yaml").unwrap();
        // The required categories and their sizes are checked in tests/topics.rs.
        assert!(d.entries().len() >= 794);
        // Round trip through JSON.
        let json = d.to_json().to_string();
        let back = Dictionary::from_json(&json, "x.json").unwrap();
        assert_eq!(back.to_json(), d.to_json());
        assert_eq!(back.entries().len(), d.entries().len());
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = Dictionary::from_yaml("A:\n  - gut\n  - \"*bö*se\"\n", "d.yaml").unwrap_err();
        assert!(e.to_string().starts_with("d.yaml:3: category A:"), "{e}");
        let e = Dictionary::from_yaml("A:\n  - gut\n   b: [", "d.yaml").unwrap_err();
        assert!(e.to_string().starts_with("d.yaml:"), "{e}");
        let e = Dictionary::from_yaml("- a\n- b\n", "d.yaml").unwrap_err();
        assert!(e.to_string().contains("mapping"), "{e}");
        let e = Dictionary::from_yaml("A:\n  - [a, b]\n", "d.yaml").unwrap_err();
        assert!(e.to_string().starts_with("d.yaml:2:"), "{e}");
        let e = Dictionary::from_json("{\"A\": [1]}", "d.json").unwrap_err();
        assert!(e.to_string().contains("category A"), "{e}");
        let e = Dictionary::from_json("{\"A\": [\n\"x\",\n]}", "d.json").unwrap_err();
        assert!(e.to_string().starts_with("d.json:3"), "{e}");
        let e = Dictionary::from_yaml("A: &x [a]\nB: *x\n", "d.yaml").unwrap_err();
        assert!(e.to_string().contains("alias"), "{e}");
    }

    #[test]
    fn patterns() {
        let p = Pattern::parse("  Industrie 4.0 ").unwrap();
        assert_eq!(p.to_string(), "industrie 4.0");
        assert_eq!(
            Pattern::parse("*Förderung").unwrap().words[0].glob,
            Glob::Suffix
        );
        assert!(Pattern::parse("*").is_err());
        assert!(Pattern::parse("*a*").is_err());
        assert!(Pattern::parse("").is_err());
        assert!(Pattern::parse("head:").is_err());
        assert_eq!(
            Pattern::parse("mod:wirtschaft*").unwrap().mode,
            MatchMode::Modifier
        );
        assert_eq!(
            Pattern::parse("bürger:innen").unwrap().mode,
            MatchMode::Token
        );
    }

    #[test]
    fn merge_joins_categories() {
        let mut a = Dictionary::from_yaml("A:\n  B: [x]\n", "a").unwrap();
        let b = Dictionary::from_yaml("A:\n  B: [y]\n  C: z\nD: ~\n", "b").unwrap();
        a.merge(b);
        let paths: Vec<&str> = a.categories().iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["A", "A/B", "A/C", "D"]);
        assert_eq!(a.pattern_count(0), 3);
    }
}
