//! The search for the best split of one word.
//!
//! A word `w` (lowercased) is read as `m₁ m₂ … mₖ h`: a head `h` that is a noun form in the
//! lexicon and `k ≤ 3` modifier atoms, each a noun in a modifier form (lemma, plural, genitive,
//! `-s`/`-es`/`-n`/`-en`/`-er`/`-e` linking element, dropped final `-e`), an adjective/particle
//! (a word the Bundestag writes in lowercase) or a verb stem (`Schreib-`, `Warte-`).
//!
//! Each candidate is scored in the manner of Koehn & Knight (2003, "Empirical methods for
//! compound splitting"): the geometric mean of the parts' frequencies — here the mean of
//! `ln(f + 1)` —, minus a penalty for every atom beyond two, so that known two-part readings
//! (`Abrechnung + Zeitraum`) beat three short parts (`Abrechnung + Zeit + Raum`). The best
//! candidate wins if its score is not far below `ln(f + 1)` of the whole word. German morphology
//! rules out the rest: heads must be nouns that are not derivational suffixes, prefixes
//! (`ver-`, `ent-`) and function words are no modifiers, and a noun derived from a particle verb
//! (`Vorschlag` ← `vorschlagen`, `Zusammenarbeit` ← `zusammenarbeiten`) stays whole.

use super::lexicon::{Lexicon, KEEP_ALL, NO_LEMMA};

/// Minimum length (characters) of a modifier atom, linking element included.
const MIN_MOD: usize = 3;
/// Minimum length (characters) of the head.
const MIN_HEAD: usize = 3;
/// Length of a short noun part (`Öl`, `Ei`), allowed when [`short_noun`] accepts it.
const SHORT: usize = 2;
/// Estimated noun uses a two-letter noun needs to be a part.
const MIN_SHORT_NOUN: u32 = 100;
/// Shortest nominalised infinitive head (`Klettern` in `Eisklettern`).
const MIN_INFINITIVE_HEAD: usize = 5;
/// Lowercase Bundestag occurrences such an infinitive needs.
const MIN_INFINITIVE: u32 = 10;
/// Most modifier atoms in one word.
const MAX_MODS: usize = 3;
/// Score penalty for each atom beyond two.
const ATOM_PENALTY: f32 = 4.0;
/// A split wins if its score is at least the whole word's score minus this.
const WHOLE_MARGIN: f32 = 2.5;
/// Modifiers that are not nouns (adjectives, particles, verb stems) count this much less.
const NON_NOUN_FACTOR: f32 = 0.25;
/// A bound modifier beginning `n` nouns scores like a word seen `n * PREFIX_WEIGHT` times.
const PREFIX_WEIGHT: u32 = 20;
/// Lowercase Bundestag occurrences a non-noun modifier needs.
const MIN_PLAIN: u32 = 5;
/// Lowercase Bundestag occurrences of the simple verb a particle-verb stem (`einspritz-`) needs.
const MIN_PARTICLE_STEM: u32 = 10;
/// Lowercase occurrences of `modifier + verb(head)` that mark a particle-verb noun.
const MIN_PARTICLE_VERB: u32 = 2;
/// Shortest head derived from a verb (`-ung`, `-er`) that is not in the lexicon.
const MIN_DERIVED_HEAD: usize = 6;
/// Lowercase occurrences of the verb such a head needs.
const MIN_DERIVED_VERB: u32 = 5;
/// Score of a head guessed from its form: below any head derived from a known verb.
const GUESSED_HEAD_SCORE: f32 = -1.5;
/// Longest root of a guessed `-ung` noun after its prefix (`Ver|film|ung`).
const GUESSED_ROOT_MAX: usize = 6;
/// Endings of adjectives that may be modifiers though the speeches lack them (`präsidial-`,
/// `disziplinar-`, `plenar-`).
const ADJECTIVE_ENDINGS: &[&str] = &["ial", "al", "ar", "iv", "är", "ell"];

/// Words that are never modifiers: verb prefixes, separable particles that form particle-verb
/// nouns rather than compounds, and closed-class words.
const NOT_MODIFIER: &[&str] = &[
    // inseparable prefixes and bound forms
    "ver", "zer", "ent", "emp", "miss", "ge", "be", "er", "un", "ur", "prä", "pro", "kon", "kom",
    "dis", "sub", "inter", "trans", // separable particles that almost only form derivations
    "auf", "aus", "bei", "ein", "durch", "zusammen", "dar", "her", "hin", "heraus", "herein",
    "hinaus", "hinein", "hinzu", "voran", "voraus", "vorbei", "zurück", "empor", "fort", "los",
    "ab", "an", "zu", "um", // articles, pronouns, conjunctions, auxiliaries
    "der", "die", "das", "den", "dem", "des", "eine", "einer", "eines", "einem", "einen", "und",
    "oder", "aber", "doch", "denn", "sondern", "ich", "wir", "ihr", "ihre", "ihrer", "ihren",
    "ihnen", "ihm", "ihn", "sich", "mein", "meine", "dein", "sein", "seine", "seiner", "unser",
    "euer", "kein", "keine", "auch", "noch", "schon", "nur", "man", "nein", "doch", "als", "wie",
    "wenn", "dass", "was", "wer", "wen", "wem", "wann", "hat", "ist", "sind", "war", "wird",
    "werden", "wurde", "haben", "hatte", "bin", "kann", "muss", "soll", "will", "darf", "mag",
    "hier", "dort", "dann", "also", "sehr", "ganz", "gar", "etwa", "eben", "halt", "nun", "diese",
    "dieser", "dieses", "jede", "jeder", "jedes", "alle", "alles", "viel", "viele", "uns", "euch",
    "sie", "ihm", "wo", "ob", "so", "da", "ja", "es", "du", "im", "am", "vom", "zum", "zur",
    "beim", "ins", "ans", "aufs", "auszu", "abzu", "anzu", "einzu", "aufzu", "ange", "unge", "unt",
    "epi", "dys",
];

/// Numerals that are modifiers only before another modifier (`Ein|personen|haushalt`), never
/// right before the head (`Einsatz`, `Eingang` are particle-verb nouns).
const NUMERAL_FIRST: &[&str] = &["ein"];

/// Numerals (and `mehr`) as the first modifier of three atoms modify the second
/// (`Zwei|familien|haus`, `Mehr|parteien|system`).
const NUMERALS: &[&str] = &[
    "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf",
    "zwölf", "zwanzig", "dreißig", "vierzig", "fünfzig", "hundert", "tausend", "mehr", "viel",
];

/// Separable verb particles.
const PARTICLES: &[&str] = &[
    "ab", "an", "auf", "aus", "bei", "ein", "mit", "nach", "um", "vor", "weg", "zu", "zurück",
    "durch", "über", "unter", "zusammen",
];

/// Modifiers that may form a particle verb with the head (checked by `particle_verb_noun`).
const VERB_PARTICLES: &[&str] = &[
    "vor", "nach", "über", "unter", "mit", "gegen", "wider", "hinter", "neben", "nieder", "rück",
    "teil", "statt", "fest", "frei", "weg", "voll", "wieder", "zwischen", "heim", "kund", "preis",
    "stand", "haus", "hoch", "fern", "schwarz", "bereit", "dar",
];

/// Particles whose nouns with a verb-stem head are particle-verb nouns (`Vorsitz`, `Vorfall`),
/// even when the particle verb itself is rare in the speeches.
const STRONG_PARTICLES: &[&str] = &[
    "vor", "nach", "über", "unter", "mit", "nieder", "rück", "wider",
];
/// Lowercase occurrences of a simple verb that make a head its verb-stem noun.
const MIN_SIMPLE_VERB: u32 = 20;

/// Endings of modifiers that regularly take the linking `-s-` (`Abrechnungs-`, `Arbeits-`).
const S_LINK_BASES: &[&str] = &[
    "ung", "heit", "keit", "schaft", "ion", "tät", "tum", "ling", "sicht", "kunft", "falt",
    "arbeit", "zeit", "schluss", "stand", "recht", "amt", "geld", "krieg", "staat", "tag", "jahr",
    "land", "volk", "bund", "wirt", "liebe", "hilfe",
];
/// Score penalty for an `-s-` after a modifier not in [`S_LINK_BASES`].
const LINK_S_PENALTY: f32 = 0.5;
/// Further penalty for such an `-s-` when the head could begin with the `s` (`Text|sorte`, not
/// `Texts|orte`; `Heimat|stube`, not `Heimats|tube`).
const LINK_S_ALT_PENALTY: f32 = 3.0;
/// Score (`ln(f + 1)`) that head needs: a noun seen at least twice.
const MIN_ALT_HEAD_SCORE: f32 = 1.09;
/// Score of a modifier known only by its ending (below).
const GUESSED_MODIFIER_SCORE: f32 = -2.0;
/// Endings of derived nouns with their linking `-s-` (`Abgeltungs-`, `Kulminations-`) that make
/// a modifier though the lexicon lacks the noun, and the shortest such modifier.
const DERIVED_MODIFIER_ENDINGS: &[&str] = &["ungs", "ions", "heits", "keits", "schafts", "täts"];
const MIN_DERIVED_MODIFIER: usize = 7;
/// Shortest verb stem in `-ier-` (`Editier-` ← `editieren`) taken as a modifier though the
/// speeches lack the verb.
const MIN_IER_STEM: usize = 6;

/// Heads that are (homographs of) derivational suffixes or word endings, not free nouns.
const NOT_HEAD: &[&str] = &[
    "ung", "heit", "keit", "schaft", "ion", "tion", "ation", "tät", "ität", "ei", "erei", "ie",
    "ik", "ismus", "ist", "ur", "nis", "tum", "ling", "chen", "lein", "in", "innen", "er", "ler",
    "ner", "anz", "enz", "ant", "ent", "ment", "age", "ade", "eur", "ier", "ine", "ose", "ator",
    "ent", "ern", "ens", "ten", "tin", "ate", "ität", "ien", "ling", "ich", "isch", "werd",
];

/// One modifier atom.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Atom {
    /// ln-frequency score.
    pub score: f32,
    /// What it is (for the displayed base form).
    pub kind: Kind,
    /// Characters of the atom's surface that belong to the base form (the rest is a linking
    /// element).
    pub keep: usize,
}

/// The kind of a part, with what is needed to display its base form.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    /// A noun: display the lemma.
    Noun(u32),
    /// An adjective or particle: display the surface (lowercase).
    Plain,
    /// A verb stem: display the surface plus this infinitive ending.
    Verb(&'static str),
    /// A noun derived from a verb, not in the lexicon, or a head kept in the form the word
    /// has (a plural compound): display the surface capitalised.
    Derived,
    /// A nominalised infinitive (`Klettern`, `Wagen`): display the surface capitalised.
    Infinitive,
}

/// One part of a found split, positions in characters of the lowercased word. A part may be a
/// compound itself (`Filmpreis` in `Bundes|filmpreis`): then `inner` is where its last atom
/// begins, and only that atom is shown in its base form.
#[derive(Clone, Debug)]
pub(crate) struct Piece {
    pub start: usize,
    pub inner: usize,
    pub keep_end: usize,
    pub kind: Kind,
}

fn has_vowel(s: &str) -> bool {
    s.chars().any(is_vowel)
}

#[inline]
fn lnf(f: u32) -> f32 {
    (f as f32 + 1.0).ln()
}

/// Best reading of `seg` (lowercase, `chars` characters long) as a modifier atom.
pub(crate) fn modifier_atom(lex: &Lexicon, seg: &str, chars: usize) -> Option<Atom> {
    if chars < MIN_MOD {
        return if chars == SHORT {
            short_noun(lex, seg)
        } else {
            None
        };
    }
    // Look up first: most substrings are no modifier, and the list scan is slower.
    let atom = modifier_reading(lex, seg, chars)?;
    if NOT_MODIFIER.contains(&seg) || !has_vowel(seg) {
        return None;
    }
    Some(atom)
}

/// Best reading of `seg` as a modifier, without the length and function-word checks (used for
/// the parts of hyphenated compounds too).
pub(crate) fn modifier_reading(lex: &Lexicon, seg: &str, chars: usize) -> Option<Atom> {
    let mut best: Option<Atom> = None;
    let mut offer = |a: Atom| {
        if best.is_none_or(|b| a.score > b.score) {
            best = Some(a);
        }
    };
    if let Some(info) = lex.get(seg) {
        // A noun in a modifier form: Familien-, Kinder-, Wirtschafts-, Schul-, Hilfs-.
        if let Some(lemma) = lex.lemmas.get(info.mod_lemma as usize) {
            let keep = match info.mod_keep {
                KEEP_ALL => chars,
                k => usize::from(k).min(chars),
            };
            offer(Atom {
                score: lnf(lemma.count),
                kind: Kind::Noun(info.mod_lemma),
                keep,
            });
        }
        // An adjective, particle or other word the speeches write in lowercase (kommunal-).
        if info.lower >= MIN_PLAIN && info.lower * 2 > info.total {
            offer(Atom {
                score: lnf(info.lower) * NON_NOUN_FACTOR.sqrt() - 1.0,
                kind: Kind::Plain,
                keep: chars,
            });
        }
        // A bound modifier learnt from the lexicon (bio-, agrar-, mindest-).
        if info.prefix > 0 {
            offer(Atom {
                score: lnf(info.prefix * PREFIX_WEIGHT) * NON_NOUN_FACTOR.sqrt(),
                kind: Kind::Plain,
                keep: chars,
            });
        }
        // A verb stem (Schreib-, Warte-, Wander-).
        if info.verb > 0 && has_vowel(seg) {
            offer(Atom {
                score: lnf(info.verb) * NON_NOUN_FACTOR.sqrt() - 1.0,
                kind: Kind::Verb(if info.verb_n { "n" } else { "en" }),
                keep: chars,
            });
        }
    }
    // A particle verb's stem (Einspritz-, Abtast-).
    if let Some(p) = PARTICLES
        .iter()
        .find(|p| seg.len() > p.len() + 2 && seg.starts_with(**p))
    {
        let rest = &seg[p.len()..];
        if let Some(info) = lex.get(rest) {
            if info.verb >= MIN_PARTICLE_STEM && !info.verb_n && has_vowel(rest) {
                offer(Atom {
                    score: lnf(info.verb / 10) * NON_NOUN_FACTOR.sqrt() - 1.0,
                    kind: Kind::Verb("en"),
                    keep: chars,
                });
            }
        }
    }
    if best.is_some() {
        return best;
    }
    // When nothing is known: a learned-word adjective (präsidial-, disziplinar-), a derived
    // noun with its linking -s- (Abgeltungs-, Kulminations-), a verb stem in -ier- (Editier-).
    if chars >= 6 && ADJECTIVE_ENDINGS.iter().any(|e| seg.ends_with(e)) {
        return Some(Atom {
            score: 0.0,
            kind: Kind::Plain,
            keep: chars,
        });
    }
    if chars >= MIN_DERIVED_MODIFIER && DERIVED_MODIFIER_ENDINGS.iter().any(|e| seg.ends_with(e)) {
        return Some(Atom {
            score: GUESSED_MODIFIER_SCORE,
            kind: Kind::Derived,
            keep: chars - 1,
        });
    }
    if chars >= MIN_IER_STEM && seg.ends_with("ier") {
        return Some(Atom {
            score: GUESSED_MODIFIER_SCORE,
            kind: Kind::Verb("en"),
            keep: chars,
        });
    }
    None
}

/// A numeral of [`NUMERAL_FIRST`] as the first modifier.
fn numeral_first(lex: &Lexicon, seg: &str) -> Option<Atom> {
    if !NUMERAL_FIRST.contains(&seg) {
        return None;
    }
    Some(Atom {
        score: lnf(lex.get(seg)?.lower) * NON_NOUN_FACTOR.sqrt() - 1.0,
        kind: Kind::Plain,
        keep: seg.chars().count(),
    })
}

/// A two-letter noun as a part (`Öl`, `Ei`): the lemma itself, frequent, with an inflected form
/// attested in the speeches (which two-letter names and abbreviations lack).
fn short_noun(lex: &Lexicon, seg: &str) -> Option<Atom> {
    let (id, lemma, info) = lex.noun(seg)?;
    if !info.is_lemma || !lemma.inflected || lemma.count < MIN_SHORT_NOUN || !has_vowel(seg) {
        return None;
    }
    Some(Atom {
        score: lnf(lemma.count),
        kind: Kind::Noun(id),
        keep: SHORT,
    })
}

/// The head reading of `seg`: a noun form that is not a suffix.
fn head_atom(lex: &Lexicon, seg: &str, chars: usize) -> Option<Atom> {
    if chars < MIN_HEAD {
        return if chars == SHORT && !NOT_HEAD.contains(&seg) {
            short_noun(lex, seg)
        } else {
            None
        };
    }
    if let Some((id, lemma, info)) = lex.noun(seg) {
        if info.lemma != NO_LEMMA && !NOT_HEAD.contains(&seg) && has_vowel(seg) {
            return Some(Atom {
                score: lnf(lemma.count),
                kind: Kind::Noun(id),
                keep: chars,
            });
        }
        return None;
    }
    derived_head(lex, seg, chars).or_else(|| infinitive_head(lex, seg, chars))
}

/// A nominalised infinitive (`das Klettern` in `Eisklettern`, `Springen` in `Skispringen`): a
/// word the speeches write mostly in lowercase whose stem is a verb stem of the lexicon.
fn infinitive_head(lex: &Lexicon, seg: &str, chars: usize) -> Option<Atom> {
    // The form first: most suffixes tried are no infinitive, and need no lookup.
    if chars < MIN_INFINITIVE_HEAD || !seg.ends_with('n') {
        return None;
    }
    let stem = seg.strip_suffix("en").or_else(|| {
        seg.strip_suffix('n')
            .filter(|s| s.ends_with('e') || s.ends_with("el") || s.ends_with("er"))
    })?;
    let info = lex.get(seg)?;
    if info.lower < MIN_INFINITIVE || info.lower * 2 <= info.total || NOT_HEAD.contains(&seg) {
        return None;
    }
    if stem.chars().count() < 3 || !has_vowel(stem) || lex.get(stem).is_none_or(|i| i.verb == 0) {
        return None;
    }
    Some(Atom {
        score: lnf(info.lower) * NON_NOUN_FACTOR.sqrt() - 1.0,
        kind: Kind::Infinitive,
        keep: chars,
    })
}

/// A noun the lexicon lacks but derived from a known verb: `-ung` (`Thematisierung`,
/// `Opferung`) or agent `-er` (`Kleber`, `Holer`), also in the plural (`-ungen`, `-ern`).
fn derived_head(lex: &Lexicon, seg: &str, chars: usize) -> Option<Atom> {
    if chars < MIN_DERIVED_HEAD {
        return None;
    }
    let (base, plural) = match seg.strip_suffix("en").filter(|b| b.ends_with("ung")) {
        Some(b) => (b, 2),
        None => match seg.strip_suffix('n').filter(|b| b.ends_with("er")) {
            Some(b) => (b, 1),
            None => (seg, 0),
        },
    };
    let ung = base.strip_suffix("ung");
    let stem = ung.or_else(|| base.strip_suffix("er"))?;
    if stem.chars().count() < 3 || !has_vowel(stem) {
        return None;
    }
    let verb = |s: &str| lex.get(s).map_or(0, |i| i.verb);
    let mut count = verb(stem);
    // Verbs in -eln/-ern drop that e: Wickler ← wickeln, Verdunklung ← verdunkeln; so do nouns
    // in -el that name a bearer in -ler (Beutler ← Beutel, Flügler ← Flügel).
    let mut el_noun = false;
    if count < MIN_DERIVED_VERB {
        let mut cs = stem.chars();
        if let (Some(last @ ('l' | 'r')), Some(before)) = (cs.next_back(), cs.next_back()) {
            if !is_vowel(before) {
                let mut full = String::with_capacity(stem.len() + 1);
                full.push_str(&stem[..stem.len() - 1]);
                full.push('e');
                full.push(last);
                count = verb(&full);
                el_noun = ung.is_none()
                    && last == 'l'
                    && lex.noun(&full).is_some_and(|(_, _, i)| i.is_lemma);
            }
        }
    }
    if count >= MIN_DERIVED_VERB {
        return Some(Atom {
            score: lnf(count) * NON_NOUN_FACTOR.sqrt() - 1.0,
            kind: Kind::Derived,
            keep: chars - plural,
        });
    }
    // Nouns of verbs the speeches lack, recognisable by their form: of verbs in -ieren
    // (Komprimierung, Lackierer) and, in -ung, of verbs with an inseparable prefix and a short
    // root (Verfilmung, Bemalung). Not suffix chains (-isierung, -alisierung): the head must
    // begin with a consonant.
    let simple_root = |r: &str| (3..=GUESSED_ROOT_MAX).contains(&r.chars().count()) && has_vowel(r);
    let prefixed = ung.is_some()
        && ["be", "ver", "ent", "zer", "er", "ge"]
            .iter()
            .any(|p| stem.strip_prefix(p).is_some_and(simple_root));
    let ier = stem
        .strip_suffix("ier")
        .is_some_and(|r| r.chars().count() >= 4 && r.chars().count() <= 8);
    if el_noun || ((ier || prefixed) && seg.chars().next().is_some_and(|c| !is_vowel(c))) {
        return Some(Atom {
            score: GUESSED_HEAD_SCORE,
            kind: Kind::Derived,
            keep: chars - plural,
        });
    }
    None
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'ä' | 'ö' | 'ü' | 'y' | 'é')
}

/// Whether `modifier + head` is a noun derived from a particle verb (`Vorschlag` ←
/// `vorschlagen`, `Mitarbeiter` ← `mitarbeiten`, `Teilhabe` ← `teilhaben`).
fn particle_verb_noun(lex: &Lexicon, modifier: &str, head: &str, buf: &mut String) -> bool {
    let stems = [
        Some(head),
        head.strip_suffix("ung"),
        head.strip_suffix("erin")
            .or_else(|| head.strip_suffix("er")),
        head.strip_suffix("nerin")
            .or_else(|| head.strip_suffix("ner")),
        head.strip_suffix('e'),
    ];
    let strong = STRONG_PARTICLES.contains(&modifier);
    for stem in stems.into_iter().flatten() {
        // The head is a verb stem noun (Sitz ← sitzen, Fall ← fallen, Reiter ← reiten): after
        // a particle that forms particle verbs, the whole is the particle verb's noun.
        if strong
            && lex
                .get(stem)
                .is_some_and(|i| i.verb >= MIN_SIMPLE_VERB && !i.verb_n)
        {
            return true;
        }
        for ending in ["en", "n"] {
            buf.clear();
            buf.push_str(modifier);
            buf.push_str(stem);
            buf.push_str(ending);
            if lex
                .get(buf)
                .is_some_and(|i| i.lower >= MIN_PARTICLE_VERB && i.lower * 2 > i.total)
            {
                return true;
            }
        }
    }
    false
}

/// Splits a lowercase alphabetic word given as `lw` with char boundaries `lb` (`n + 1`
/// entries). Returns the pieces, head last, or `None`.
pub(crate) fn split_lower(lex: &Lexicon, lw: &str, lb: &[usize]) -> Option<Vec<Piece>> {
    let n = lb.len().checked_sub(1)?;
    if n < 2 * SHORT {
        return None;
    }
    let mut buf = String::with_capacity(lw.len() + 4);
    // A verb or other word the speeches write in lowercase (`weitermachen`) has no infinitive
    // head: it is no noun.
    let whole_info = std::cell::OnceCell::new();
    let whole_info = || *whole_info.get_or_init(|| lex.get(lw));
    // The plural of a noun in `-ent` (`Talente`, `Patente`) has no head `Ente`.
    let ent_plural = ["e", "en"].iter().any(|e| {
        lw.strip_suffix(e)
            .is_some_and(|s| s.ends_with("ent") && lex.noun(s).is_some())
    });
    // Heads first: most words have none and leave here.
    let mut heads: Vec<(usize, Atom)> = Vec::new();
    for i in SHORT..=n - SHORT {
        if let Some(a) = head_atom(lex, &lw[lb[i]..], n - i) {
            let seg = &lw[lb[i]..];
            let lowercase_word = || whole_info().is_some_and(|w| w.lower * 2 > w.total);
            if !(matches!(a.kind, Kind::Infinitive) && lowercase_word())
                && !(ent_plural && (seg == "ente" || seg == "enten"))
            {
                heads.push((i, a));
            }
        }
    }
    let last_head = heads.iter().map(|h| h.0).max()?;

    // best[i][k]: best sum of atom scores reading lw[..i] as k+1 modifier atoms, with the
    // previous boundary and the last atom.
    type Cell = Option<(f32, usize, Atom)>;
    let mut best: Vec<[Cell; MAX_MODS]> = vec![[None; MAX_MODS]; last_head + 1];
    for i in SHORT..=last_head {
        let first = &lw[..lb[i]];
        best[i][0] = modifier_atom(lex, first, i)
            .or_else(|| numeral_first(lex, first))
            .map(|a| (a.score, 0usize, a));
        for j in SHORT..=i.saturating_sub(SHORT) {
            if best[j].iter().all(Option::is_none) {
                continue;
            }
            let Some(a) = modifier_atom(lex, &lw[lb[j]..lb[i]], i - j) else {
                continue;
            };
            for k in 1..MAX_MODS {
                if let Some((s, _, _)) = best[j][k - 1] {
                    let cand = s + a.score;
                    if best[i][k].is_none_or(|c| cand > c.0) {
                        best[i][k] = Some((cand, j, a));
                    }
                }
            }
        }
    }

    let mut winner: Option<(f32, usize, usize, Atom)> = None;
    for &(i, h) in &heads {
        for (k, cell) in best[i].iter().enumerate() {
            let Some((s, j, last)) = *cell else {
                continue;
            };
            if k == 0 && NUMERAL_FIRST.contains(&&lw[..lb[i]]) {
                continue;
            }
            let atoms = k + 2;
            let mut score = (s + h.score) / atoms as f32 - ATOM_PENALTY * k as f32;
            // An -s- linking element where the modifier does not usually take one (Bier|sorte,
            // not Biers|ort).
            let prev_chars = i - j;
            if last.keep < prev_chars
                && lw[..lb[i]].ends_with('s')
                && !S_LINK_BASES
                    .iter()
                    .any(|e| lw[lb[j]..lb[j + last.keep]].ends_with(e))
            {
                score -= LINK_S_PENALTY;
                if heads
                    .iter()
                    .any(|h| h.0 + 1 == i && h.1.score >= MIN_ALT_HEAD_SCORE)
                {
                    score -= LINK_S_ALT_PENALTY;
                }
            }
            if winner.is_some_and(|w| score <= w.0) {
                continue;
            }
            // A particle right before the head must not form a particle verb with it.
            let prev = &lw[lb[j]..lb[i]];
            let _ = last;
            if VERB_PARTICLES.contains(&prev)
                && particle_verb_noun(lex, prev, &lw[lb[i]..], &mut buf)
            {
                continue;
            }
            winner = Some((score, i, k, h));
        }
    }
    let (score, i, k, h) = winner?;
    let whole = whole_info().map_or(0, |w| w.total);
    let whole = match lex.noun(lw) {
        Some((_, lemma, _)) => whole.max(lemma.count),
        None => whole,
    };
    // A word the speeches and the noun list do not know is no better as a whole than any
    // split: the atom penalty ranks splits, it does not refuse them (`Igelkolbengewächs`).
    if whole > 0 && score < lnf(whole) - WHOLE_MARGIN {
        return None;
    }

    // A compound in the plural whose singular is unknown — neither in the speeches nor in the
    // Wiktionary list (`Arbeitsmarktzahlen`, `Sicherheitsgründe`, `Laborhandschuhe`) — keeps its
    // plural head: such words are plural nouns, and GermaNet lists them so. A known singular
    // (`Bürgermeisterwahl`) makes the head its lemma (`Bürgermeisterwahlen` → `Wahl`); so does a
    // genitive `-s`/`-es`.
    let mut head_kind = h.kind;
    if let Kind::Noun(id) = h.kind {
        if let Some(lemma) = lex.lemmas.get(id as usize) {
            buf.clear();
            buf.push_str(&lw[..lb[i]]);
            let stem_len = buf.len();
            buf.extend(lemma.text.chars().flat_map(char::to_lowercase));
            let surface = &lw[lb[i]..];
            let lemma_low = &buf[stem_len..];
            let genitive = surface
                .strip_suffix("es")
                .or_else(|| surface.strip_suffix('s'))
                .is_some_and(|s| s == lemma_low);
            let singular_known = lex.get(&buf).is_some_and(|w| w.total > 0 || w.is_lemma);
            if surface != lemma_low && !genitive && !singular_known {
                head_kind = Kind::Derived;
            }
        }
    }
    // Reconstruct the atoms, head last.
    let mut atoms = vec![Piece {
        start: i,
        inner: i,
        keep_end: n,
        kind: head_kind,
    }];
    let (mut end, mut k) = (i, k);
    loop {
        let (_, j, a) = best[end][k]?;
        let start = if k == 0 { 0 } else { j };
        atoms.push(Piece {
            start,
            inner: start,
            keep_end: start + a.keep,
            kind: a.kind,
        });
        if k == 0 {
            break;
        }
        end = j;
        k -= 1;
    }
    atoms.reverse();
    Some(bracket(lex, lw, lb, atoms))
}

/// The immediate constituents of a compound of atoms `a₁ … aₘ`: modifier and head, as GermaNet
/// and most dictionaries split (`Bundes|filmpreis`, `Marktforschungs|institut`). Of three or more
/// atoms the head is the last one (`[Bürgermeister]wahl`, left-branching, the more frequent
/// structure) unless the evidence is for a compound head `aₘ₋₁aₘ` (right-branching,
/// `Bundes|[jugendring]`): a linking element ends `aₘ₋₂` but none ends `aₘ₋₁` — a linking element
/// marks the main boundary more often than an inner one (`Bundes|filmpreis`,
/// `Landes|elternrat`) —, and the modifier `a₁…aₘ₋₁` is no known word. (Whether the compound head
/// or the compound modifier is a known noun, or the more frequent one, predicts the structure no
/// better than chance on the GermaNet list.)
fn bracket(lex: &Lexicon, lw: &str, lb: &[usize], mut atoms: Vec<Piece>) -> Vec<Piece> {
    let n = lb.len() - 1;
    let text = |a: usize, b: usize| lw.get(lb[a]..lb[b]).unwrap_or("");
    // Occurrences of a string as a word of the speeches or as a noun of the lexicon.
    let freq = |t: &str| {
        let w = lex.get(t).map_or(0, |i| i.total);
        lex.noun(t).map_or(w, |(_, l, _)| w.max(l.count))
    };
    let m = atoms.len();
    if m == 2 {
        if let Some(inner) = rebracket_head(lex, lw, lb, &atoms, &freq) {
            atoms = inner;
        } else {
            return atoms;
        }
    }
    let m = atoms.len();
    if m < 3 {
        return atoms;
    }
    let (a, b, c) = (&atoms[m - 3], &atoms[m - 2], &atoms[m - 1]);
    let link_before = a.keep_end < b.start;
    let link_inner = b.keep_end < c.start;
    let left = text(atoms[0].start, b.keep_end);
    let left_known = lex
        .get(left)
        .is_some_and(|i| i.lemma != NO_LEMMA || i.total > 0);
    // A numeral modifies the noun after it, not the whole (`Zwei|familien|haus`).
    let numeral = NUMERALS.contains(&text(atoms[0].start, atoms[0].keep_end));
    let f_right = freq(text(b.start, n));
    let f_left = freq(left);
    let right = (f_right > f_left && f_right > 0)
        || (!left_known && !numeral && link_before && !link_inner);
    let split = if right { m - 2 } else { m - 1 };
    let merge = |xs: &[Piece]| -> Option<Piece> {
        let (first, last) = (xs.first()?, xs.last()?);
        Some(Piece {
            start: first.start,
            inner: last.start,
            keep_end: last.keep_end,
            kind: last.kind,
        })
    };
    match (merge(&atoms[..split]), merge(&atoms[split..])) {
        (Some(modifier), Some(head)) => vec![modifier, head],
        _ => atoms,
    }
}

/// A two-part split `A + BC` whose head is itself a compound the lexicon knows: its atoms
/// `A, B, C` when `AB` is the more frequent word (`Arbeitssicherheits|gesetz`, not
/// `Arbeits|sicherheitsgesetz`), so that [`bracket`] makes `C` the head.
fn rebracket_head(
    lex: &Lexicon,
    lw: &str,
    lb: &[usize],
    atoms: &[Piece],
    freq: &dyn Fn(&str) -> u32,
) -> Option<Vec<Piece>> {
    let n = lb.len() - 1;
    let (a, h) = (atoms.first()?, atoms.last()?);
    if n - h.start < 2 * MIN_MOD || !matches!(h.kind, Kind::Noun(_) | Kind::Derived) {
        return None;
    }
    let f_bc = freq(lw.get(lb[h.start]..)?);
    // The best inner split of the head: B a modifier, C a noun.
    let mut best: Option<(f32, usize, Atom, Atom)> = None;
    for q in h.start + MIN_MOD..=n - MIN_HEAD {
        let Some(c) = lex.noun(lw.get(lb[q]..)?).and_then(|(id, l, info)| {
            (!NOT_HEAD.contains(&lw.get(lb[q]..)?) && info.lemma != NO_LEMMA).then_some(Atom {
                score: lnf(l.count),
                kind: Kind::Noun(id),
                keep: n - q,
            })
        }) else {
            continue;
        };
        let Some(b) = modifier_atom(lex, lw.get(lb[h.start]..lb[q])?, q - h.start) else {
            continue;
        };
        if best.is_none_or(|x| b.score + c.score > x.0) {
            best = Some((b.score + c.score, q, b, c));
        }
    }
    let (_, q, b, c) = best?;
    let f_ab = freq(lw.get(lb[a.start]..lb[h.start + b.keep])?);
    if f_ab <= f_bc {
        return None;
    }
    let c_kind = if matches!(h.kind, Kind::Derived) {
        Kind::Derived
    } else {
        c.kind
    };
    Some(vec![
        a.clone(),
        Piece {
            start: h.start,
            inner: h.start,
            keep_end: h.start + b.keep,
            kind: b.kind,
        },
        Piece {
            start: q,
            inner: q,
            keep_end: n,
            kind: c_kind,
        },
    ])
}

/// The head reading of a hyphen-separated segment: any noun form.
pub(crate) fn head_reading(lex: &Lexicon, seg: &str, chars: usize) -> Option<Atom> {
    let (id, lemma, _) = lex.noun(seg)?;
    Some(Atom {
        score: lnf(lemma.count),
        kind: Kind::Noun(id),
        keep: chars,
    })
}
