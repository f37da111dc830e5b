//! German abbreviations that keep their full stop.
//!
//! The list is written from general German usage (Duden's list of common abbreviations,
//! bibliographic and legal conventions) plus the kinds of abbreviation that the EmpiriST 2015
//! guidelines show for web and chat text (Beißwenger et al. 2016). It is a sorted static table,
//! searched by binary search; entries are stored without the final full stop.
//!
//! Single letters followed by a full stop (`z.`, `B.`, `S.`) are always abbreviations and are
//! not listed here.

/// Abbreviations without their final full stop, sorted by byte order (checked by a unit test).
///
/// Lower-case entries also match when their first letter is capitalised (sentence start:
/// `Vgl.`, `Ggf.`); capitalised entries match only as written.
static ABBREVIATIONS: &[&str] = &[
    "Abb",
    "Abg",
    "Abk",
    "Abs",
    "Abschn",
    "Abt",
    "Adr",
    "Akad",
    "Anh",
    "Anl",
    "Anm",
    "Apr",
    "Art",
    "Aufl",
    "Aug",
    "Ausg",
    "Az",
    "Bd",
    "Bde",
    "Bearb",
    "Beil",
    "Bem",
    "Ber",
    "Bf",
    "Bhf",
    "Bl",
    "Bsp",
    "Chr",
    "Co",
    "Corp",
    "Dez",
    "Di",
    "Dipl",
    "Diss",
    "Do",
    "Doz",
    "Dr",
    "Dres",
    "Erg",
    "Erl",
    "Fa",
    "Feb",
    "Febr",
    "Fn",
    "Fr",
    "Frl",
    "Gebr",
    "Ges",
    "Gr",
    "Hbf",
    "Hg",
    "Hinw",
    "Hr",
    "Hrn",
    "Hrsg",
    "Inc",
    "Ing",
    "Inh",
    "Inst",
    "Jan",
    "Jg",
    "Jh",
    "Jhd",
    "Jhdt",
    "Jhs",
    "Jr",
    "Jul",
    "Jun",
    "Kap",
    "Kfm",
    "Kl",
    "Kr",
    "Krs",
    "Lfg",
    "Lit",
    "Lkr",
    "Ltd",
    "Mi",
    "Mill",
    "Min",
    "Mio",
    "Mo",
    "Mod",
    "Mr",
    "Mrd",
    "Mrs",
    "Ms",
    "Mwst",
    "Nachf",
    "Nachw",
    "Nov",
    "Nr",
    "Nrn",
    "Okt",
    "PS",
    "Pf",
    "Pfd",
    "Pkt",
    "Pl",
    "Prof",
    "Prov",
    "Pseud",
    "Rdnr",
    "Red",
    "Reg",
    "Rel",
    "Rep",
    "Rn",
    "Sa",
    "Sek",
    "Sep",
    "Sept",
    "Slg",
    "Sr",
    "St",
    "Std",
    "Str",
    "Tab",
    "Tel",
    "Tsd",
    "Tz",
    "Univ",
    "Verf",
    "Verl",
    "Verz",
    "Vol",
    "Vorb",
    "Vorl",
    "Vors",
    "Wdh",
    "Wg",
    "Zf",
    "Ziff",
    "Zt",
    "Ztg",
    "Ztschr",
    "Zus",
    "abzgl",
    "adj",
    "adv",
    "ahd",
    "allg",
    "amerik",
    "amtl",
    "anschl",
    "ausführl",
    "ausschl",
    "automat",
    "bayer",
    "bayr",
    "beil",
    "bes",
    "betr",
    "bez",
    "bezügl",
    "bspw",
    "bzgl",
    "bzw",
    "ca",
    "cf",
    "chem",
    "dgl",
    "dial",
    "dt",
    "ebd",
    "ehem",
    "eigentl",
    "eigtl",
    "eingetr",
    "einschl",
    "engl",
    "entspr",
    "erw",
    "etc",
    "etw",
    "europ",
    "ev",
    "evang",
    "evtl",
    "exkl",
    "fam",
    "ff",
    "franz",
    "frz",
    "geb",
    "gegr",
    "gem",
    "ges",
    "gesch",
    "geschr",
    "gesetzl",
    "gest",
    "gez",
    "ggf",
    "ggfs",
    "ggü",
    "griech",
    "hauptsächl",
    "hinsichtl",
    "hrsg",
    "indiv",
    "inkl",
    "insb",
    "insbes",
    "ital",
    "jdm",
    "jdn",
    "jds",
    "jew",
    "jhd",
    "jmd",
    "jmdm",
    "jmdn",
    "jmds",
    "jn",
    "jährl",
    "kath",
    "kgl",
    "kirchl",
    "lat",
    "lfd",
    "lt",
    "mhd",
    "mind",
    "mnd",
    "monatl",
    "mtl",
    "männl",
    "mögl",
    "mündl",
    "nachm",
    "nat",
    "nhd",
    "nördl",
    "od",
    "orig",
    "persönl",
    "phil",
    "pol",
    "pp",
    "ppa",
    "rd",
    "röm",
    "schriftl",
    "sog",
    "sogen",
    "span",
    "spez",
    "staatl",
    "städt",
    "sämtl",
    "südl",
    "tägl",
    "ugs",
    "urspr",
    "ursprüngl",
    "usf",
    "usw",
    "uvm",
    "verh",
    "vermutl",
    "verw",
    "vgl",
    "vllt",
    "vlt",
    "vorl",
    "vorm",
    "vs",
    "vt",
    "wahrscheinl",
    "weibl",
    "westl",
    "wiss",
    "wissenschaftl",
    "wöchentl",
    "zB",
    "zeitl",
    "zit",
    "zt",
    "zum",
    "zusätzl",
    "zzgl",
    "zzt",
    "Übers",
    "öffentl",
    "östl",
];

/// Longest entry in bytes; longer words are not looked up.
const MAX_LEN: usize = 13;

/// Bloom filter over (length, first byte, last byte) of every entry and of the capitalised
/// form of every lower-case entry: most words are rejected without a table search.
static BLOOM: [u64; 64] = build_bloom();

const fn bloom_key(len: usize, first: u8, last: u8) -> usize {
    ((len * 31 + first as usize) * 131 + last as usize) & 4095
}

const fn build_bloom() -> [u64; 64] {
    let mut t = [0u64; 64];
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        let b = ABBREVIATIONS[i].as_bytes();
        let (first, last) = (b[0], b[b.len() - 1]);
        let k = bloom_key(b.len(), first, last);
        t[k / 64] |= 1 << (k % 64);
        let k = bloom_key(b.len(), first.to_ascii_uppercase(), last);
        t[k / 64] |= 1 << (k % 64);
        let k = bloom_key(b.len(), first.to_ascii_lowercase(), last);
        t[k / 64] |= 1 << (k % 64);
        i += 1;
    }
    t
}

/// Byte `k` of `b` in the case-folded form of the key table: ASCII upper-case letters and the
/// Latin-1 capitals `À`..`Þ` (`C3 80`..`C3 9E` except `×`) lower-cased, other bytes unchanged.
const fn key_byte(b: &[u8], k: usize) -> u8 {
    let c = b[k];
    if c.is_ascii_uppercase() || (k > 0 && b[k - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
    {
        c + 0x20
    } else {
        c
    }
}

/// FNV-1a hash of the case-folded form of `b`.
const fn key_hash(b: &[u8]) -> usize {
    let mut h: u32 = 0x811C_9DC5;
    let mut k = 0;
    while k < b.len() {
        h = (h ^ key_byte(b, k) as u32).wrapping_mul(0x0100_0193);
        k += 1;
    }
    h as usize
}

/// True if `a` and `b` have the same case-folded form.
const fn same_key(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut k = 0;
    while k < a.len() {
        if key_byte(a, k) != key_byte(b, k) {
            return false;
        }
        k += 1;
    }
    true
}

/// Slots of [`KEYS`] (a power of two, about four times the number of entries).
const KEY_SLOTS: usize = 1024;

/// Open-addressing hash set of the case-folded entries (entry index + 1, 0 = empty): every
/// spelling that [`is_abbreviation`] accepts (except by its word endings, and except words
/// whose first character is outside Latin-1) has the case-folded form of an entry, so the words that
/// pass the Bloom filter by chance are rejected after one hash and one probe.
static KEYS: [u16; KEY_SLOTS] = build_keys();

const fn build_keys() -> [u16; KEY_SLOTS] {
    let mut t = [0u16; KEY_SLOTS];
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        let e = ABBREVIATIONS[i].as_bytes();
        let mut h = key_hash(e) % KEY_SLOTS;
        loop {
            let slot = t[h];
            if slot == 0 {
                t[h] = (i + 1) as u16;
                break;
            }
            if same_key(ABBREVIATIONS[slot as usize - 1].as_bytes(), e) {
                break;
            }
            h = (h + 1) % KEY_SLOTS;
        }
        i += 1;
    }
    t
}

/// True if some entry has the case-folded form of `b`.
fn key_listed(b: &[u8]) -> bool {
    let mut h = key_hash(b) % KEY_SLOTS;
    loop {
        match KEYS[h] {
            0 => return false,
            slot => {
                if same_key(ABBREVIATIONS[slot as usize - 1].as_bytes(), b) {
                    return true;
                }
            }
        }
        h = (h + 1) % KEY_SLOTS;
    }
}

/// True if `word` (without the final full stop) is a known abbreviation.
///
/// ```text
/// is_abbreviation("bzw") == true; is_abbreviation("Vgl") == true (sentence start)
/// ```
pub(crate) fn is_abbreviation(word: &str) -> bool {
    let b = word.as_bytes();
    if has_abbreviation_ending(b) {
        return true;
    }
    if b.len() > MAX_LEN || b.is_empty() {
        return false;
    }
    if b[0] < 0x80 {
        let k = bloom_key(b.len(), b[0], b[b.len() - 1]);
        if BLOOM[k / 64] & (1 << (k % 64)) == 0 {
            return false;
        }
    }
    if (b[0] < 0x80 || b[0] == 0xC3) && !key_listed(b) {
        return false;
    }
    if ABBREVIATIONS.binary_search(&word).is_ok() {
        return true;
    }
    // Lower-case spelling of a capitalised entry ("nr." for "Nr.", common in chats), and
    // words in odd case ("EVtl.").
    if b[0].is_ascii_lowercase() || b[1..].iter().any(u8::is_ascii_uppercase) {
        let mut buf = [0u8; MAX_LEN];
        let buf = &mut buf[..b.len()];
        buf.copy_from_slice(b);
        buf.make_ascii_lowercase();
        buf[0] = buf[0].to_ascii_uppercase();
        let found = |w: &[u8]| {
            std::str::from_utf8(w).is_ok_and(|w| ABBREVIATIONS.binary_search(&w).is_ok())
        };
        if found(buf) {
            return true;
        }
        buf[0] = buf[0].to_ascii_lowercase();
        if found(buf) {
            return true;
        }
    }
    // Capitalised form of a lower-case entry (sentence-initial "Vgl.", "Ggf.", "Evtl." ...).
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let mut buf = [0u8; MAX_LEN + 4];
    let mut n = 0;
    for c in first.to_lowercase().chain(chars) {
        let l = c.len_utf8();
        if n + l > buf.len() {
            return false;
        }
        c.encode_utf8(&mut buf[n..n + l]);
        n += l;
    }
    match std::str::from_utf8(&buf[..n]) {
        Ok(lower) => ABBREVIATIONS.binary_search(&lower).is_ok(),
        Err(_) => false,
    }
}

/// Word endings that German words do not have but shortened adjectives and nouns do:
/// `-tl` (`wissenschaftl.`), `-nl` (`persönl.`), `-gl` (`tägl.`), `-bl` (`weibl.`), `-hd`
/// (`mhd.`), `-schr` (`Zeitschr.`), `-str` (`Hauptstr.`). Words of four letters or more.
fn has_abbreviation_ending(b: &[u8]) -> bool {
    b.len() >= 4
        && (b.ends_with(b"tl")
            || b.ends_with(b"nl")
            || b.ends_with(b"gl")
            || b.ends_with(b"bl")
            || b.ends_with(b"hd")
            || b.ends_with(b"schr")
            || b.ends_with(b"str"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_bounded() {
        for w in ABBREVIATIONS.windows(2) {
            assert!(w[0] < w[1], "{} !< {}", w[0], w[1]);
        }
        assert!(ABBREVIATIONS.iter().all(|a| a.len() <= MAX_LEN));
    }

    #[test]
    fn key_table() {
        assert!(ABBREVIATIONS.len() * 3 < KEY_SLOTS);
        for a in ABBREVIATIONS {
            assert!(key_listed(a.as_bytes()), "{a}");
            assert!(key_listed(a.to_uppercase().as_bytes()), "{a}");
            assert!(key_listed(a.to_lowercase().as_bytes()), "{a}");
            let mut cs = a.chars();
            let cap: String = cs
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(cs)
                .collect();
            assert!(key_listed(cap.as_bytes()), "{a}");
        }
        assert!(!key_listed(b"Haus"));
        assert!(!key_listed(b"Platz"));
        assert!(!key_listed(b""));
    }

    #[test]
    fn lookups() {
        assert!(is_abbreviation("bzw"));
        assert!(is_abbreviation("Vgl"));
        assert!(is_abbreviation("Dr"));
        assert!(is_abbreviation("mündl"));
        assert!(!is_abbreviation("Haus"));
        assert!(is_abbreviation("dr"));
        assert!(!is_abbreviation("haus"));
        assert!(!is_abbreviation(""));
        assert!(is_abbreviation("nr"));
        assert!(is_abbreviation("EVtl"));
        assert!(is_abbreviation("geisteswissenschaftl"));
        assert!(is_abbreviation("Hauptstr"));
        assert!(!is_abbreviation("Wahl"));
        assert!(!is_abbreviation("Kerl"));
    }
}
