"""English bias lexicon: word families and patterns for personality, protected attributes and proxies.

Patterns are lower case: they run on ASCII-lowered text (``Doc.lower``).

Each rule is ``(kind, topic, pattern, context)``. ``context`` names the check a match must pass:

* ``None`` — always a finding;
* ``"person"`` — an ambiguous word ("aggressive", "difficult", "young") counts only when it describes a
  person: followed by a person noun or a preposition towards people, or predicated of a person subject
  ("she is too emotional", "can be abrasive in reviews") rather than of a thing ("an aggressive timeline");
* ``"pretty"`` — "pretty" as a look, not as the adverb in "pretty good".

Research behind the lists: Snyder 2014 (abrasive, bossy, aggressive, strident, emotional, irrational in
women's reviews), Textio's feedback studies (personality vs work feedback; brilliant, genius, overachiever),
Gaucher, Friesen & Kay 2011 (gender-coded words), China's 2019 notice on recruitment discrimination.
"""

from __future__ import annotations

__all__ = ["FUNCTION_NEXT", "PERSON_NEXT", "RULES"]

_PEOPLE = (
    r"(?:colleagues?|peers?|others|people|the team|team ?mates?|juniors?|customers?|clients?|reports?|"
    r"stakeholders?|everyone|anyone|him|her|them|me|us|co-?workers?|interns?|new hires?|vendors?|partners?)"
)

#: Words after an ambiguous adjective that show it describes a person.
PERSON_NEXT = (
    r"(?:tone|manner|style|personality|attitude|behaviou?r|demeanou?r|temperament|nature|person|woman|man|guy|"
    r"lady|girl|boy|colleague|teammate|manager|leader|engineer|individual|character|streak|side|"
    rf"(?:with|toward|towards|to|around|at) {_PEOPLE})\b"
)
#: Words after an ambiguous adjective that leave it predicated (not modifying a following thing).
FUNCTION_NEXT = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "and or but when whenever if in during at about with toward towards to around under on sometimes lately "
        "recently because so which as than too for while often whereas especially even"
    ).split()
)

_AMBIG_PERSONALITY = (
    r"aggressive(?:ness)?|emotional|difficult|harsh|cold|warm|soft|loud|quiet|sensitive|defensive|negative|"
    r"dramatic|stubborn(?:ness)?|lazy|laziness|intimidating|insecure|volatile|abrupt|blunt|nice|sweet|friendly|"
    r"pleasant|shy|rude|selfish|immature|flaky|scattered|cheerful|likea?ble|outgoing|introvert(?:ed)?|"
    r"extrovert(?:ed)?|timid|meek|mellow|laid[- ]back|easy[- ]?going|moody|passive|erratic|prickly|touchy|"
    r"anxious|nervous|excitable|intense|forceful|negative|cynical|grumpy|sullen|brusque|curt|cold"
)

RULES: list[tuple[str, str, str, str | None]] = [
    # --- personality instead of behaviour -----------------------------------------------------------------
    (
        "personality",
        "",
        r"\b(?:abrasive(?:ness)?|bossy|bossiness|shrill|pushy|pushiness|arrogan(?:t|ce)|condescen(?:ding|sion)|"
        r"patroni[sz]ing|hysteric(?:al|s)?|temperamental|moodiness|hot[- ]?head(?:ed)?|irritable|combative|"
        r"confrontational|domineering|overbearing|brash|cocky|smug|snarky|strident|irrational|catty|nagg(?:ing|y)|"
        r"whin(?:y|ey|ing)|needy|passive[- ]aggressive|bitchy|obstinate|egotistical|egocentric|"
        r"self[- ]cent(?:er|re)d|aloof|standoffish|high[- ]maintenance|headstrong|opinionated|judg(?:e)?mental|"
        r"sassy|feisty|drama queen|diva|prima donna|hot[- ]tempered|short[- ]tempered|ill[- ]tempered|"
        r"thin[- ]skinned|power[- ]hungry|know[- ]it[- ]all|control freak|emotionally unstable|overly emotional)\b",
        None,
    ),
    (
        "personality",
        "",
        r"\b(?:attitude problem|(?:bad|negative|poor|an|the wrong|defensive) attitude|"
        r"chip on (?:his|her|their|your) shoulder|(?:has|have|had|with) (?:a |quite a )?(?:short |quick |"
        r"bad )?temper|(?:his|her|their|your) temper\b|"
        r"(?:watch|mind|check|soften) (?:your|her|his|their) tone|off[- ]putting|not a people person|"
        r"rubs? (?:people|others|colleagues) the wrong way|(?:difficult|hard|tough|unpleasant) to (?:work|deal|"
        r"get along) with|(?:his|her|their|your) personality|personality (?:clash|issues?|problems?|traits?)|"
        r"(?:too|so|very|overly) (?:nice|sweet|soft|emotional|sensitive|aggressive|intense|quiet|loud|blunt)|"
        r"lacks? (?:a )?(?:backbone|charisma|self[- ]confidence|confidence|maturity|emotional control)|"
        r"lets? (?:his|her|their|your) emotions|loses? (?:his|her|their|your) (?:temper|cool)|"
        r"(?:not|isn't|wasn't|is not|was not) (?:assertive|confident|tough|forceful|aggressive|warm|nurturing|"
        r"commanding|decisive|likea?ble) enough|needs? to be (?:more|less) (?:assertive|confident|aggressive|forceful|"
        r"likea?ble|warm|nurturing|feminine|masculine|soft-spoken|ladylike|tough)|lacks? (?:executive )?(?:presence|"
        r"gravitas)|(?:mood|temper) swings|(?:bad|grumpy|sour|foul) mood|"
        r"(?:too|so|very) much of a (?:perfectionist|pushover))\b",
        None,
    ),
    ("personality", "", rf"\b(?:{_AMBIG_PERSONALITY})\b", "person"),
    # --- gendered or "standout" wording (Textio; Gaucher, Friesen & Kay 2011) -------------------------------
    (
        "gendered_language",
        "",
        r"\b(?:brilliant|brilliance|genius(?:es)?|gifted|natural(?:ly)? talent(?:ed)?|a natural\b|rock ?stars?|"
        r"superstars?|ninjas?|overachiev(?:er|ers|ing)|wunderkind|prodig(?:y|ies)|10x (?:engineer|developer)|"
        r"nurturing|fatherly|paternal instinct|gentlemanly|macho|manned up|one of the guys|king bee|"
        r"papa bear|den father|office dad|work husband|alpha male|"
        r"(?:sweetheart|sweetie|honey)\b)",
        None,
    ),
    # --- protected attributes and proxies ---------------------------------------------------------------------
    (
        "protected_attribute",
        "age",
        r"\b(?:\d{2}[- ](?:year|yr)s?[- ]old|\d{2}\s*(?:years|yrs) old|aged? \d{2}\b|(?:in|into) (?:his|her|their) "
        r"(?:late |early |mid[- ])?(?:20s|30s|40s|50s|60s|twenties|thirties|forties|fifties|sixties)|"
        r"(?:over|under|past|above) (?:the age of )?(?:3[05]|4[05]|5[05]|60)(?= years| yrs|$|[.,;!?])|"
        r"(?:young|younger|youthful|youngest) (?:people|person|man|men|woman|women|guy|guys|lady|engineers?|"
        r"employees?|staff|workers?|colleagues?|team|team members?|talent|blood|hires?|candidates?|managers?|"
        r"leaders?|folks|generation|ones|crowd|mothers?|fathers?|parents?)|"
        r"(?:elderly|aging|ageing|old|older|oldest|middle[- ]aged) (?:people|person|man|men|woman|women|guy|guys|"
        r"lady|engineers?|employees?|staff|workers?|colleagues?|team members?|hires?|candidates?|folks|"
        r"generation|ones|crowd)|"
        r"young,? (?:and )?(?:[a-z-]+,? (?:and )?){1,2}(?:people|person|man|men|woman|women|guys?|engineers?|"
        r"employees?|staff|"
        r"talent|team|hires?|candidates?|blood|folks)|young and (?:energetic|hungry|dynamic|ambitious|eager|fresh)|"
        r"(?:energetic|fresh|eager) young|"
        r"(?:for|at) (?:his|her|their|your) age|(?:his|her|their|your) age|age(?:ism|ist|d out)|"
        r"(?:too|so|quite|still|very|rather) young|millennials?|boomers?|gen[- ]?z|zoomers?|"
        r"digital natives?|over the hill|set in (?:his|her|their) ways|"
        r"(?:near|close to|nearing|approaching|thinking about|planning for|eligible for) retirement|"
        r"(?:she|he|they)(?:'s| is| will| plans to| wants to)? retir(?:e|ing)|retirement age|"
        r"energy of (?:a|the) young\w*|(?:he|she|they|you)(?:'s|'re| is| are| was| seems| looks| feels)"
        r"(?: (?:a bit|a little|too|rather|quite|kind of|getting|very|so|now|already|still))? (?:old|older|young|"
        r"younger)\b|"
        r"(?:^|[.;!?] )at (?:[2-7]\d),? (?:he|she|they)\b|"
        r"(?:he|she|they)(?:'s| is| was| turned| turns| will be)(?: now| already| almost| nearly| over| just| only)?"
        r" (?:\d{2}|forty|fifty|sixty)\b(?![.,]\d| ?(?:%|"
        r"percent|minutes|hours|days|tickets|deals|of))|"
        r"(?:older|younger) than (?:the rest|most|everyone|his|her))\b",
        None,
    ),
    (
        "protected_attribute",
        "family",
        r"\b(?:married|unmarried|marital|marriage|single (?:mother|mom|mum|parent|dad|father)|divorc\w*|"
        r"husband|wife|spouse|fianc[ée]e?|wedding|honeymoon|pregnan\w*|maternity|paternity|parental leave|"
        r"childcare|child care|daycare|nanny|school runs?|newborn|toddlers?|(?:a|new|her|his|their) bab(?:y|ies)|"
        r"kids?|children|young family|(?:because of|due to) (?:the |his |her |their )?(?:family|kids|children)|"
        r"(?:his|her|their) (?:son|daughter|family|child)|(?:is|was|became|become|being) an? (?:\w+ )?(?:father|dad|"
        r"parent)\b|(?:father|dad|parent)s? of (?:two|three|four|five|\d|an?|twins)|"
        r"(?:working|new|single|busy) (?:mom|mum|mother|dad|father|parent)s?|"
        r"as a (?:parent|mother|father|mom|dad)|parenting|family (?:man|woman|guy|person)|family (?:plans|"
        r"obligations|commitments|"
        r"responsibilities|situation|reasons|leave|emergenc\w+|duties|life)|start(?:ing)? a family|"
        r"caring for (?:his|her|their) (?:\w+ )?(?:parents?|mother|father|kids|children)|caregiv\w+|"
        r"(?:looks? after|take care of|takes care of) (?:his|her|their) (?:\w+ )?(?:parents?|father|kids|children))\b",
        None,
    ),
    (
        "protected_attribute",
        "ethnicity",
        r"\b(?:racial|ethnic\w*|minorit(?:y|ies)|nationality|national origin|immigrants?|foreigners?|"
        r"foreign[- ]born|(?:his|her|their|thick|heavy|strong) accent|accent(?:ed)? english|"
        r"(?:non-)?native (?:english )?speakers?|"
        r"(?:asian|black|white|hispanic|latin[oax]|african|arab|jewish|muslim|christian|hindu|buddhist|"
        r"indian|chinese|mexican|european|american|russian|korean|japanese) (?:woman|women|man|men|guy|lady|girl|"
        r"engineers?|employees?|colleagues?|people|folks|heritage|descent)|"
        # "race" only about a person (his race, because of race, race or gender), never a concurrency bug
        r"(?:(?:his|her|their|of|on|by|to|regardless of|because of|due to) race|race(?= ?(?:,|and|or) ?"
        r"(?:gender|religion|ethnicity|age|sex|nationality|colou?r)))|religio(?:n|us)|church|mosque|synagogue|prays?|"
        r"praying|ramadan|sabbath|hijab|"
        r"gay|lesbian|bisexual|lgbtq?\+?|sexual orientation|transgender|(?:his|her|their) (?:faith|skin))\b",
        None,
    ),
    (
        "protected_attribute",
        "region",
        r"\b(?:(?:comes?|came|is) from (?:the )?(?:countryside|a village|a small town|a farm|the country)|"
        r"grew up (?:in|on) (?:the )?(?:countryside|a village|a small town|a farm)|"
        r"rural (?:background|roots|upbringing|family)|hometown|home town|where (?:he|she|they) (?:is|are|comes?) from|"
        r"(?:country|farm|small[- ]town) (?:boy|girl)|out[- ]of[- ]towner|migrant|"
        r"(?:his|her|their) (?:origins?|roots|birthplace|household registration)|hukou|household registration)\b",
        None,
    ),
    (
        "protected_attribute",
        "school",
        r"\b(?:ivy league|(?:top|first|second|third)[- ]tier (?:school|university|college|institution)|"
        r"tier[- ][123] (?:school|university|college)|elite (?:school|university|college)|"
        r"prestigious (?:school|university|college|degree|background)|no[- ]name (?:school|college|university)|"
        r"(?:good|top|great|bad|lesser|weak) (?:school|schools|college|university)|alma mater|pedigree|"
        r"where (?:he|she|they) (?:went to (?:school|college)|studied|graduated)|"
        r"(?:graduated from|studied at|educated at|alumn(?:us|a|i) of|(?:a |her |his |their )?degree from) (?:an? |"
        r"the )?[a-z]\w+|"
        r"went to (?:harvard|stanford|mit|oxford|cambridge|tsinghua|peking university|berkeley|princeton|yale|"
        r"caltech|iit|"
        r"an? (?:ivy|elite|top|good|prestigious|no-name|local|state) \w+)|"
        r"(?:harvard|stanford|mit|oxford|cambridge|tsinghua|peking university|berkeley|princeton|yale|"
        r"caltech|iit)(?:'s)? (?:grad(?:uate)?s?|degree|alum(?:nus|na|ni)?|educated|background|pedigree)|"
        r"(?:985|211)(?:/(?:985|211))? (?:school|university|college|universities|graduate|grad|background|alum\w*)|"
        r"(?:school|university|college) (?:tier|ranking|prestige)|first degree|undergraduate (?:school|institution))\b",
        None,
    ),
    (
        "protected_attribute",
        "health",
        r"\b(?:disab(?:led|ility|ilities)|handicap(?:ped)?|wheelchair|(?:mental|physical) health|"
        r"(?:his|her|their) (?:health|illness|condition|diagnosis|medication|surgery|pregnancy|weight)|"
        r"health (?:issues?|problems?|conditions?|reasons|scare|concerns?|history)|illness(?:es)?|"
        r"sick (?:leave|days?|note|a lot)|(?:is|was|gets|got|been|often|always) sick|"
        r"medical (?:leave|conditions?|issues?|history|appointments?|reasons)|diagnos(?:is|ed)|surgery|"
        r"chemo(?:therapy)?|cancer|therap(?:y|ist)|depress(?:ion|ed)|anxiety|adhd|autis(?:m|tic)|dyslexi[ac]|"
        r"bipolar|ocd|chronic (?:pain|illness|condition|fatigue)|injur(?:y|ies|ed)|hospitali[sz]ed|in hospital|"
        r"on medication|hearing (?:aid|impaired)|(?:legally )?blind\b(?! spot| review|ly)|deaf|migraines?|"
        r"burn(?:ed|t) out|(?:nervous|mental) breakdown)\b",
        None,
    ),
    (
        "protected_attribute",
        "appearance",
        r"\b(?:handsome|good[- ]looking|sexy|overweight|obese|skinny|"
        r"(?:his|her|their) (?:looks|appearance|weight|figure|body|hair(?:style)?|outfits?|clothes|clothing|"
        r"makeup|make-up|dress|height)|(?:dresses|dressed) (?:well|nicely|provocatively|professionally|"
        r"inappropriately|sloppily)|well[- ]dressed|(?:tall|short|fat|thin|petite|big) (?:man|woman|guy|girl|lady)|"
        r"physical appearance|looks (?:young|old|tired|great|good) for)\b",
        None,
    ),
    ("protected_attribute", "appearance", r"\bpretty\b", "pretty"),
    ("protected_attribute", "appearance", r"\b(?:attractive|unattractive|gorgeous|cute|beautiful|ugly)\b", "person"),
    (
        "personal_life",
        "",
        r"\b(?:(?:his|her|their|your) (?:personal|private|love|dating|social|home|family|romantic) life|"
        r"(?:his|her|their|your) (?:weekends?|hobb(?:y|ies)|drinking|partying|boyfriend|"
        r"girlfriend|relationships?|social media|instagram|dating|love life|side hustle)|"
        r"(?:goes|went|going) (?:out )?(?:drinking|partying|clubbing)|"
        r"personal (?:problems|issues|matters|drama|circumstances|situation)|"
        r"going through a (?:divorce|breakup|tough time|rough patch)|(?:after|outside(?: of)?) (?:work|hours),? "
        r"(?:he|she|they)|at home,? (?:he|she|they)|boyfriend|girlfriend|dating)\b",
        None,
    ),
]
