"""Word lists behind name matching: legal forms, generic organisation words, Korean romanisation.

Kept apart from :mod:`unmask.intel.names` so that the algorithm reads without
scrolling past tables, and so that a reviewer can audit the lists on their own.
All entries are already normalised (ASCII, lower case, no punctuation).
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    """Whitespace-separated words: the tables stay a readable block of text, one line per theme."""
    return text.split()


# --- organisations -----------------------------------------------------------------------------

#: Legal forms that say nothing about *which* company it is. Removed wherever they occur.
LEGAL_FORMS_ANYWHERE: frozenset[str] = frozenset(
    _words(
        """
        ltd llc llp lllp plc inc incorporated corp corporation company limited liability gmbh mbh
        jsc ojsc pjsc cjsc zao oao pao ooo tov pp fze fzco fzc fzllc dmcc sarl srl spa sprl bvba
        pte pty pvt bhd sdn tbk kk yk lda ltda eirl sas sae sal wll
    """
    )
)

#: Short legal forms that are also ordinary words or initials ("AS", "SA", "AG", "CO"): removed
#: only at the start or the end of a name, where legal forms sit.
LEGAL_FORMS_AT_EDGE: frozenset[str] = frozenset(
    _words("co cos sa ag as ab nv bv se kg ohg oy oyj aps pt cv de joint stock public closed open private")
)

#: Multi-word legal forms, removed as a unit before single words (longest first).
LEGAL_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "limited liability company",
                "limited liability partnership",
                "limited company",
                "joint stock company",
                "public joint stock company",
                "closed joint stock company",
                "open joint stock company",
                "private limited company",
                "public limited company",
                "societe anonyme",
                "sociedad anonima",
                "sa de cv",
                "s de rl",
                "sp z o o",
                "co ltd",
            )
        ),
        key=len,
        reverse=True,
    )
)

#: Words common to many firm names ("technology", "trading", "korea"). They are kept in the
#: full name but left out of the *core* name, so "Star Network Solutions" and "Star
#: Technology" are not judged equal on the strength of "star" plus boilerplate.
GENERIC_ORG_WORDS: frozenset[str] = frozenset(
    _words(
        """
        the and of for a an in at by on to
        technology technologies tech technical information it internet network networks net
        software hardware systems system solutions solution services service consulting consultancy
        consultants trading trade traders group groups holding holdings international intl global
        worldwide industries industry industrial enterprise enterprises development developments
        investment investments import export imports exports general united cooperation cooperative
        management partners partnership agency center centre bureau association foundation
        computer computers digital data web online media communication communications telecom
        electronics electronic engineering construction logistics shipping commercial commerce
        business economic science scientific research institute studio studios labs lab team
        products product supply supplies manufacturing equipment machinery materials resources
        energy marketing office department firm works factory branch representative
        national new first joint venture affiliated
        korea korean dprk china chinese russia russian federation usa america american
        asia asian pacific east west north south northern southern eastern western
    """
    )
)

#: Abbreviations expanded before comparison so both spellings meet in the middle.
ORG_SYNONYMS: dict[str, tuple[str, ...]] = {
    "it": ("information", "technology"),
    "intl": ("international",),
    "tech": ("technology",),
    "info": ("information",),
    "mfg": ("manufacturing",),
    "svcs": ("services",),
    "dept": ("department",),
    "ctr": ("center",),
    "centre": ("center",),
}

# --- Korean romanisation -----------------------------------------------------------------------
# One Hangul syllable is romanised differently by Revised Romanisation (RR: "Jeong", "Hyeon"),
# McCune-Reischauer (MR, with its breves and apostrophes lost in ASCII lists: "Chong",
# "Hyo'n" -> "Hyon"), the DPRK's own MR variant ("Thae", "Phyong") and everyday spellings
# ("Jung", "Hyun", "Sup"). We spell each syllable as initial + vowel + final and map every
# spelling of each part to a class that those systems cannot tell apart, e.g. the vowels
# ㅓ/ㅗ/ㅜ/ㅡ all come out as "o"/"u"/"eo"/"eu" somewhere, so they share the class "o".

#: Initial consonant spellings -> class.
KOREAN_INITIALS: tuple[tuple[str, str], ...] = (
    ("", ""), ("g", "k"), ("k", "k"), ("kk", "k"), ("gg", "k"), ("kh", "k"), ("n", "n"),
    ("d", "t"), ("t", "t"), ("tt", "t"), ("th", "t"), ("r", "r"), ("l", "r"), ("m", "m"),
    ("b", "p"), ("p", "p"), ("pp", "p"), ("ph", "p"), ("s", "s"), ("sh", "s"), ("ss", "s"),
    ("j", "j"), ("ch", "j"), ("jj", "j"), ("tch", "j"), ("chh", "j"), ("h", "h"),
)  # fmt: skip

#: Vowel spellings -> class.
KOREAN_VOWELS: tuple[tuple[str, str], ...] = (
    ("a", "a"), ("ae", "e"), ("e", "e"), ("ai", "e"), ("ya", "ya"), ("yae", "ye"), ("ye", "ye"),
    ("eo", "o"), ("o", "o"), ("u", "o"), ("oo", "o"), ("eu", "o"), ("ou", "o"), ("woo", "o"),
    ("wu", "o"), ("yeo", "yo"), ("yo", "yo"), ("yu", "yo"), ("yoo", "yo"), ("you", "yo"),
    ("wa", "wa"), ("oa", "wa"), ("wae", "we"), ("oe", "we"), ("oi", "we"), ("we", "we"),
    ("wo", "wo"), ("weo", "wo"), ("wi", "wi"), ("ui", "wi"), ("eui", "wi"), ("i", "i"),
    ("ee", "i"), ("yi", "i"),
)  # fmt: skip

#: Final consonant spellings -> class.
KOREAN_FINALS: tuple[tuple[str, str], ...] = (
    ("", ""), ("k", "k"), ("g", "k"), ("n", "n"), ("l", "l"), ("r", "l"), ("m", "m"),
    ("p", "p"), ("b", "p"), ("ng", "ng"), ("t", "t"),
)  # fmt: skip

#: Surnames whose spellings differ by more than the classes above capture: the South drops
#: an initial r/l before i/y ("Ri" -> "Lee"/"Yi"/"I", "Ryu" -> "Yu"), and "Park" carries an
#: English r. Keys are spellings, values the DPRK/MR-style form that is then folded as usual.
KOREAN_SURNAME_SPELLINGS: dict[str, str] = {
    "lee": "ri", "yi": "ri", "i": "ri", "rhee": "ri", "rhie": "ri", "ree": "ri", "rie": "ri",
    "yee": "ri", "ryu": "ryu", "yu": "ryu", "yoo": "ryu", "you": "ryu", "ryoo": "ryu",
    "lyu": "ryu", "rhyu": "ryu", "yang": "ryang", "lim": "rim", "im": "rim", "yim": "rim",
    "yom": "ryom", "yeom": "ryom", "no": "ro", "noh": "ro", "roh": "ro", "park": "pak",
    "bahk": "pak", "pack": "pak", "oh": "o", "ahn": "an", "suh": "so", "sohn": "son",
    "koh": "ko", "kwak": "kwak", "gwak": "kwak", "yeo": "ryo", "yo": "ryo", "na": "ra",
    "nam": "nam", "choi": "choe", "chwe": "choe", "choy": "choe",
}  # fmt: skip

#: Surnames that syllable folding would merge with a different surname, given a key of their
#: own: the vowel class "o" must hold u/o/eo for given names ("Jung"/"Jong"/"Jeong" are one
#: syllable), but as surnames Woo/U (우) and O/Oh (오) are never spelt for each other.
KOREAN_SURNAME_KEYS: dict[str, str] = {"u": "U", "woo": "U", "wu": "U", "oo": "U"}

#: Common Korean surnames in MR/DPRK spelling; folded at import into the gate set that
#: decides whether a name is read as Korean (see ``names._korean_parses``).
KOREAN_SURNAMES: tuple[str, ...] = tuple(
    _words(
        """
        kim ri pak jong choe cho kang ryu yun jang rim han o so sin kwon hwang an song jon hong
        ko mun ryang son pae paek ho nam sim ro ha kwak yom chon kye chae thae tong hyon
        ju u min ma ku kong pyon sok ok sol chi kil ryom cha ra ryo bang pang won wi chu tak
        yon kal hyun kum chang myong jin chin
    """
    )
)
