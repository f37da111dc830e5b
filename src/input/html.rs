//! HTML → plain text, as needed for the bodies of WordPress and Blogger exports.
//!
//! Paragraphs (`<p>`, `<div>`, headings, lists, quotes, tables …) become paragraphs separated
//! by a blank line, `<br>` a line break (two in a row a paragraph break), list items one line
//! each; `<script>`, `<style>` and comments are dropped; named entities (the HTML 4 Latin-1
//! set, German quotes and dashes, and more) and numeric ones (`&#8222;`, `&#x201E;`) are
//! decoded; runs of white space collapse to one space; no-break spaces become spaces.
//!
//! ```
//! use korpus::input::html;
//! let t = html::to_text("<p>Gr&uuml;&szlig;e aus G&uuml;tersloh &ndash; &#8222;digital&#x201C;!</p><p>Zweiter<br>Absatz</p><script>x()</script>");
//! assert_eq!(t, "Grüße aus Gütersloh – „digital“!\n\nZweiter\nAbsatz");
//! ```

/// The text of an HTML fragment, where line breaks in the source are plain white space.
pub fn to_text(html: &str) -> String {
    convert(html, false)
}

/// The text of an HTML fragment as WordPress stores it (before its `wpautop` filter): a blank
/// line in the source is a paragraph break and a single line break a `<br>`.
///
/// ```
/// use korpus::input::html;
/// assert_eq!(html::to_text_autop("Erster Absatz\nmit Umbruch.\n\nZweiter &amp; letzter."),
///            "Erster Absatz\nmit Umbruch.\n\nZweiter & letzter.");
/// ```
pub fn to_text_autop(html: &str) -> String {
    convert(html, true)
}

/// Decodes the character references of `s` (named and numeric); unknown ones stay as they
/// are.
///
/// ```
/// use korpus::input::html;
/// assert_eq!(html::decode_entities("&bdquo;Stra&szlig;e&ldquo; &amp; &#x2013; &foo;"), "„Straße“ & – &foo;");
/// ```
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match reference(rest) {
            Some((text, len)) => {
                out.push_str(&text);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text a named entity (without `&` and `;`) stands for.
pub(crate) fn entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "szlig" => "ß",
        "bdquo" => "„",
        "ldquo" => "“",
        "rdquo" => "”",
        "sbquo" => "‚",
        "lsquo" => "‘",
        "rsquo" => "’",
        "laquo" => "«",
        "raquo" => "»",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "euro" => "€",
        "shy" => "",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        "lrm" | "rlm" => "",
        "thinsp" | "ensp" | "emsp" => " ",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "sect" => "§",
        "para" => "¶",
        "middot" => "·",
        "bull" => "•",
        "times" => "×",
        "divide" => "÷",
        "plusmn" => "±",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "sup1" => "¹",
        "sup2" => "²",
        "sup3" => "³",
        "micro" => "µ",
        "cent" => "¢",
        "pound" => "£",
        "yen" => "¥",
        "curren" => "¤",
        "iexcl" => "¡",
        "iquest" => "¿",
        "ordf" => "ª",
        "ordm" => "º",
        "not" => "¬",
        "macr" => "¯",
        "acute" => "´",
        "cedil" => "¸",
        "uml" => "¨",
        "brvbar" => "¦",
        "dagger" => "†",
        "Dagger" => "‡",
        "permil" => "‰",
        "prime" => "′",
        "Prime" => "″",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        "harr" => "↔",
        "hearts" => "♥",
        "agrave" => "à",
        "aacute" => "á",
        "acirc" => "â",
        "atilde" => "ã",
        "aring" => "å",
        "aelig" => "æ",
        "ccedil" => "ç",
        "egrave" => "è",
        "eacute" => "é",
        "ecirc" => "ê",
        "euml" => "ë",
        "igrave" => "ì",
        "iacute" => "í",
        "icirc" => "î",
        "iuml" => "ï",
        "eth" => "ð",
        "ntilde" => "ñ",
        "ograve" => "ò",
        "oacute" => "ó",
        "ocirc" => "ô",
        "otilde" => "õ",
        "oslash" => "ø",
        "ugrave" => "ù",
        "uacute" => "ú",
        "ucirc" => "û",
        "yacute" => "ý",
        "yuml" => "ÿ",
        "thorn" => "þ",
        "Agrave" => "À",
        "Aacute" => "Á",
        "Acirc" => "Â",
        "Atilde" => "Ã",
        "Aring" => "Å",
        "AElig" => "Æ",
        "Ccedil" => "Ç",
        "Egrave" => "È",
        "Eacute" => "É",
        "Ecirc" => "Ê",
        "Euml" => "Ë",
        "Igrave" => "Ì",
        "Iacute" => "Í",
        "Icirc" => "Î",
        "Iuml" => "Ï",
        "ETH" => "Ð",
        "Ntilde" => "Ñ",
        "Ograve" => "Ò",
        "Oacute" => "Ó",
        "Ocirc" => "Ô",
        "Otilde" => "Õ",
        "Oslash" => "Ø",
        "Ugrave" => "Ù",
        "Uacute" => "Ú",
        "Ucirc" => "Û",
        "Yacute" => "Ý",
        "THORN" => "Þ",
        "oelig" => "œ",
        "OElig" => "Œ",
        "scaron" => "š",
        "Scaron" => "Š",
        "Yuml" => "Ÿ",
        _ => return None,
    })
}

/// Decodes the reference at the start of `s` (which starts with `&`): its text and length.
fn reference(s: &str) -> Option<(String, usize)> {
    let end = s.char_indices().take(34).find(|&(_, c)| c == ';')?.0;
    let body = &s[1..end];
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        let c = match code {
            // Windows-1252 code points often written as numeric references by old tools.
            0x80..=0x9f => cp1252(code),
            _ => char::from_u32(code).filter(|&c| c != '\0')?,
        };
        return Some((c.to_string(), end + 1));
    }
    entity(body).map(|t| (t.to_string(), end + 1))
}

fn cp1252(code: u32) -> char {
    match code {
        0x80 => '€',
        0x82 => '‚',
        0x84 => '„',
        0x85 => '…',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x96 => '–',
        0x97 => '—',
        0x99 => '™',
        _ => '\u{fffd}',
    }
}

/// Elements whose start and end separate paragraphs.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "blockquote"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "main"
            | "figure"
            | "figcaption"
            | "pre"
            | "hr"
            | "address"
            | "form"
            | "fieldset"
            | "details"
            | "summary"
            | "center"
    )
}

/// Elements that start a new line.
fn is_line(name: &str) -> bool {
    matches!(name, "li" | "tr" | "dt" | "dd" | "caption")
}

/// Elements whose content is not text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "template" | "iframe" | "object" | "svg" | "head"
    )
}

struct Out {
    text: String,
    /// 0: nothing pending, 1: a space, 2: a line break, 3: a paragraph break.
    pending: u8,
    /// `<br>`s since the last text.
    brs: u8,
}

impl Out {
    fn want(&mut self, level: u8) {
        self.pending = self.pending.max(level);
    }
    fn push(&mut self, c: char) {
        if !self.text.is_empty() {
            match self.pending {
                3 => self.text.push_str("\n\n"),
                2 => self.text.push('\n'),
                1 => self.text.push(' '),
                _ => {}
            }
        }
        self.pending = 0;
        self.brs = 0;
        self.text.push(c);
    }
    fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.want(1);
            } else {
                self.push(c);
            }
        }
    }
}

fn convert(html: &str, autop: bool) -> String {
    let mut out = Out {
        text: String::with_capacity(html.len()),
        pending: 0,
        brs: 0,
    };
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => rest = tag(rest, &mut out),
            '&' => match reference(rest) {
                Some((t, len)) => {
                    out.push_str(&t);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            },
            c if c.is_whitespace() => {
                let len = rest
                    .find(|c: char| !c.is_whitespace())
                    .unwrap_or(rest.len());
                let newlines = rest[..len].matches('\n').count();
                if autop && newlines >= 2 {
                    out.want(3);
                } else if autop && newlines == 1 {
                    out.want(2);
                } else {
                    out.want(1);
                }
                rest = &rest[len..];
            }
            c => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out.text
}

/// Handles the markup at the start of `s` (which starts with `<`); returns the rest.
fn tag<'a>(s: &'a str, out: &mut Out) -> &'a str {
    if let Some(body) = s.strip_prefix("<!--") {
        return body.find("-->").map_or("", |i| &body[i + 3..]);
    }
    if let Some(body) = s.strip_prefix("<![CDATA[") {
        let end = body.find("]]>").unwrap_or(body.len());
        out.push_str(&body[..end]);
        return body.get(end + 3..).unwrap_or("");
    }
    let bytes = s.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    let name_len = s[name_start..]
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(s.len() - name_start);
    if name_len == 0 && !s[name_start..].starts_with(['!', '?']) {
        // A lone `<` (as in "a < b"): text.
        out.push('<');
        return &s[1..];
    }
    let name = s[name_start..name_start + name_len].to_ascii_lowercase();
    let end = match tag_end(s) {
        Some(e) => e,
        None => return "",
    };
    let after = &s[end..];
    if !closing && is_skipped(&name) && !s[..end].ends_with("/>") {
        let close = format!("</{name}");
        let lower = after.to_ascii_lowercase();
        return match lower.find(&close) {
            Some(i) => {
                let tail = &after[i..];
                tail.find('>').map_or("", |j| &tail[j + 1..])
            }
            None => "",
        };
    }
    if name == "br" {
        out.brs = out.brs.saturating_add(1);
        out.want(if out.brs >= 2 { 3 } else { 2 });
    } else if is_block(&name) {
        out.want(3);
    } else if is_line(&name) {
        out.want(2);
    } else if matches!(name.as_str(), "td" | "th") {
        out.want(1);
    }
    after
}

/// The byte offset just after the `>` closing the tag at the start of `s`, skipping quoted
/// attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in s.as_bytes().iter().enumerate().skip(1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i + 1),
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_breaks_lists_and_entities() {
        let html = "<div><h2>Titel</h2><p>Erster&nbsp;Satz.\n  Noch einer.</p>\
                    <ul><li>eins</li><li>zwei</li></ul>Text<br/><br />nach zwei br\
                    <style>p{}</style><!-- weg --><p>a &lt; b &amp;&amp; c > d &#228; &unbekannt;</p></div>";
        assert_eq!(
            to_text(html),
            "Titel\n\nErster Satz. Noch einer.\n\neins\nzwei\n\nText\n\nnach zwei br\n\na < b && c > d ä &unbekannt;"
        );
    }

    #[test]
    fn attributes_with_gt_and_broken_markup() {
        assert_eq!(
            to_text(r#"<a href="x>y" title='a>b'>Link</a> und 3 < 4"#),
            "Link und 3 < 4"
        );
        assert_eq!(to_text("Text <b"), "Text");
        assert_eq!(to_text("<script>never closed"), "");
        assert_eq!(decode_entities("&#0; &#xZZ; &#150;"), "&#0; &#xZZ; –");
    }

    #[test]
    fn autop_keeps_source_line_structure() {
        assert_eq!(
            to_text_autop("<p>Eins</p>\n\nZwei\nDrei\n\n\n<em>Vier</em>"),
            "Eins\n\nZwei\nDrei\n\nVier"
        );
    }
}
