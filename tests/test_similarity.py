"""Text similarity for stories: copies, rewrites and spun copies found; different stories kept apart."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from scrapers import lextree
from scrapers.similarity import (
    _MULTIPLIERS,
    _SENTENCE_CLASSES,
    MAX_SENTENCES,
    MIN_SENTENCE_WORDS,
    NUM_PERM,
    SKELETON_MIN_KEPT,
    Sketch,
    _minhash_class,
    bands,
    compare,
    fingerprint,
    function_words,
)

WIRE = """KYIV, Ukraine (AP) — Russia launched dozens of drones and missiles at Ukraine's power grid overnight, officials said on Tuesday, knocking out electricity for hundreds of thousands of people in the east.

The energy ministry said repair crews were working to restore supplies in the Kharkiv and Dnipro regions, where temperatures fell below freezing.

President Volodymyr Zelenskyy urged Western partners to speed up deliveries of air defence systems, saying the attacks showed that Moscow was trying to break the country's resistance before winter ends.

Russia's defence ministry said its forces had struck military and energy facilities that supported the Ukrainian army.

The International Atomic Energy Agency said one of the lines supplying the Zaporizhzhia nuclear plant had been cut for several hours."""

# The same story as a content farm publishes it: words swapped for synonyms, a paragraph dropped,
# two moved, a prompt added.
SPUN = """KYIV, Ukraine (AP) — Russia launched scores of drones and projectiles at Ukraine's energy community in a single day, authorities mentioned on Tuesday, knocking out electrical energy for lots of of 1000's of individuals within the east.

President Volodymyr Zelenskyy urged Western companions to hurry up deliveries of air defence techniques, saying the assaults confirmed that Moscow was attempting to interrupt the nation's resistance earlier than winter ends.

The power ministry mentioned restore crews have been working to revive provides within the Kharkiv and Dnipro areas, the place temperatures fell beneath freezing.

Subscribe to our newsletter for the day's top stories.

The Worldwide Atomic Vitality Company mentioned one of many traces supplying the Zaporizhzhia nuclear plant had been minimize for a number of hours."""

REWRITE = """KYIV, Ukraine (AP) — Russia launched dozens of drones and missiles at Ukraine's power grid overnight, officials told reporters on Tuesday, knocking out electricity for hundreds of thousands of people in the east.

The energy ministry said repair crews were working to restore supplies in the Kharkiv and Dnipro regions.

President Volodymyr Zelenskyy urged Western partners to speed up deliveries of air defence systems, saying the attacks showed that Moscow was trying to break the country's resistance before winter ends.

Russia's defence ministry said its forces had struck military and energy facilities that supported the Ukrainian army."""

# Another report on the same topic, the same day: written independently, so it stays apart.
SAME_TOPIC = """Ukraine said on Tuesday that Russian strikes had damaged energy facilities in several regions, the latest in a series of attacks on the grid this winter.

Officials in Kharkiv said emergency generators were powering hospitals and water pumping stations while engineers assessed the damage.

Zelenskyy said in his nightly address that Ukraine needed more Patriot batteries and accused Moscow of using the cold as a weapon.

The Kremlin said the strikes were a response to Ukrainian drone attacks on Russian refineries earlier in the month.

European Union foreign ministers are due to discuss new military aid for Kyiv at a meeting in Brussels next week."""

GERMAN = """BERLIN (dpa) - Die Bundesregierung hat am Dienstag ein neues Hilfspaket für die Ukraine beschlossen, das vor allem Luftabwehrsysteme und Munition umfasst.

Verteidigungsminister sagte, die Lieferungen sollten noch vor dem Frühjahr beginnen und würden mit den europäischen Partnern abgestimmt.

Die Opposition kritisierte, dass das Paket zu spät komme und die Ukraine seit Monaten auf die zugesagten Systeme warte."""

GERMAN_SPUN = """BERLIN (dpa) - Die Bundesregierung hat am Dienstag ein frisches Unterstützungspaket für die Ukraine verabschiedet, das vor allem Flugabwehrsysteme und Geschosse umfasst.

Die Opposition bemängelte, dass das Paket zu spät komme und die Ukraine seit Monaten auf die versprochenen Systeme warte.

Verteidigungsminister erklärte, die Lieferungen sollten noch vor dem Frühling starten und würden mit den europäischen Verbündeten abgestimmt."""


# Scripts and languages beyond the Latin-script west, each with its function words: a ceasefire
# report in Arabic and Turkish, its spun copy (synonyms swapped, paragraphs moved, one dropped,
# a prompt added) and an unrelated report of the same desk (a central bank's rate decision).
ARABIC = """أعلنت وزارة الخارجية القطرية يوم الثلاثاء أن المفاوضات بين الطرفين قد استؤنفت في الدوحة بعد توقف دام أكثر من أسبوعين، وأن الوسطاء يعملون على التوصل إلى اتفاق لوقف إطلاق النار.

وقال المتحدث باسم الوزارة في مؤتمر صحفي إن الوفدين عقدا اجتماعات منفصلة مع الوسطاء، وإن هناك تقدما في بعض الملفات لكن الخلافات ما زالت قائمة حول عدد من النقاط.

وأضاف أن بلاده على اتصال دائم مع الولايات المتحدة ومصر من أجل دفع العملية إلى الأمام، مشيرا إلى أن الوضع الإنساني في القطاع لا يحتمل المزيد من التأخير.

من جهتها، قالت الأمم المتحدة إن أكثر من مليون شخص يعانون من نقص حاد في الغذاء والمياه، ودعت إلى فتح المعابر أمام قوافل المساعدات دون قيود.

ومن المتوقع أن تستمر المحادثات حتى نهاية الأسبوع، بحسب مصادر مطلعة على سير المفاوضات."""

ARABIC_SPUN = """صرحت وزارة الخارجية القطرية يوم الثلاثاء أن المحادثات بين الجانبين قد استأنفت في الدوحة بعد انقطاع استمر أكثر من أسبوعين، وأن المفاوضين يسعون على الوصول إلى تفاهم لوقف إطلاق النار.

من ناحيتها، ذكرت الأمم المتحدة إن أكثر من مليون فرد يعانون من نقص شديد في الطعام والمياه، وطالبت إلى فتح المنافذ أمام قوافل الإغاثة دون شروط.

وقال الناطق باسم الوزارة في لقاء صحفي إن الوفدين أجريا لقاءات مستقلة مع المفاوضين، وإن هناك تقدما في بعض القضايا لكن التباينات ما زالت موجودة حول عدد من المسائل.

اشترك في نشرتنا الإخبارية اليومية.

ومن المنتظر أن تتواصل المباحثات حتى نهاية الأسبوع، وفق مصادر مطلعة على مجرى المفاوضات."""

ARABIC_OTHER = """قال البنك المركزي المصري يوم الخميس إنه قرر رفع أسعار الفائدة بمقدار نقطتين مئويتين، في خطوة تهدف إلى كبح التضخم الذي بلغ مستويات قياسية خلال الأشهر الماضية.

وأوضح البنك في بيان أن لجنة السياسة النقدية ستواصل مراقبة تطورات الأسعار عن كثب، وأنها مستعدة لاتخاذ مزيد من الإجراءات إذا لزم الأمر.

ويرى محللون أن القرار قد يضغط على النمو الاقتصادي، لكنه ضروري لاستعادة ثقة المستثمرين الأجانب في العملة المحلية.

وتراجع الجنيه أمام الدولار في التعاملات المبكرة بعد الإعلان، بينما ارتفعت البورصة بشكل طفيف."""

TURKISH = """Dışişleri Bakanlığı salı günü yaptığı açıklamada, iki ülke arasındaki görüşmelerin Ankara'da yeniden başladığını ve heyetlerin ateşkes için yeni bir taslak üzerinde çalıştığını duyurdu.

Bakanlık sözcüsü, toplantıların olumlu bir havada geçtiğini, ancak sınır güvenliği ve esir takası gibi konularda görüş ayrılıklarının sürdüğünü söyledi.

Sözcü ayrıca, Türkiye'nin Birleşmiş Milletler ve Avrupa Birliği ile sürekli temas halinde olduğunu ve bölgedeki insani durumun daha fazla gecikmeye izin vermediğini belirtti.

Görüşmelerin hafta sonuna kadar devam etmesi bekleniyor."""

TURKISH_SPUN = """Dışişleri Bakanlığı salı günü yaptığı duyuruda, iki devlet arasındaki müzakerelerin Ankara'da tekrar başladığını ve delegasyonların ateşkes için yeni bir metin üzerinde uğraştığını açıkladı.

Sözcü ayrıca, Türkiye'nin Birleşmiş Milletler ve Avrupa Birliği ile daimi temas halinde olduğunu ve bölgedeki insani tablonun daha fazla gecikmeye müsaade etmediğini vurguladı.

Bakanlık temsilcisi, görüşmelerin yapıcı bir ortamda geçtiğini, ancak sınır emniyeti ve tutsak değişimi gibi başlıklarda fikir ayrılıklarının devam ettiğini ifade etti.

Müzakerelerin hafta sonuna kadar sürmesi öngörülüyor."""

TURKISH_OTHER = """Merkez Bankası perşembe günü politika faizini iki puan artırarak yüzde 45'e yükseltti ve enflasyonla mücadelede kararlı olduğunu bir kez daha vurguladı.

Banka, açıklamasında fiyat gelişmelerinin yakından izleneceğini ve gerekirse ek adımlar atılacağını belirtti.

Ekonomistler, kararın büyümeyi yavaşlatabileceğini ancak yabancı yatırımcıların güvenini artırmak için gerekli olduğunu söylüyor.

Lira, açıklamanın ardından dolar karşısında değer kazandı, borsa ise hafif yükselişle günü tamamladı."""


def _match(a: str, b: str, language: str = "en"):
    return compare(fingerprint(a, language).sketch, fingerprint(b, language).sketch)


def test_a_copy_is_the_same_story_word_for_word() -> None:
    match = _match(WIRE, WIRE + "\n\nShare this article on Facebook and Twitter")
    assert match.same_story and match.relation == "copy"


def test_a_trimmed_copy_is_still_a_copy() -> None:
    match = _match(WIRE, "\n\n".join(WIRE.split("\n\n")[:3]))
    assert match.same_story and match.relation == "copy"


def test_a_light_rewrite_is_the_same_story_and_called_a_rewrite() -> None:
    match = _match(WIRE, REWRITE)
    assert match.same_story and match.relation == "rewrite"


@pytest.mark.parametrize(("original", "spun", "language"), [(WIRE, SPUN, "en"), (GERMAN, GERMAN_SPUN, "de")])
def test_a_spun_copy_with_moved_and_dropped_paragraphs_is_the_same_story(original: str, spun: str,
                                                                         language: str) -> None:
    match = _match(original, spun, language)
    assert match.same_story and match.relation == "spun"


def test_two_reports_of_the_same_event_stay_apart() -> None:
    assert not _match(WIRE, SAME_TOPIC).same_story
    assert not _match(SPUN, SAME_TOPIC).same_story


def test_spun_copies_share_skeleton_bands_and_unrelated_texts_do_not() -> None:
    wire, spun, other = (set(enumerate(fingerprint(t, "en").bands)) for t in (WIRE, SPUN, SAME_TOPIC))
    assert len(wire & spun) >= 2
    assert len(wire & other) <= 1


@pytest.mark.parametrize(("original", "spun", "other", "language"),
                         [(ARABIC, ARABIC_SPUN, ARABIC_OTHER, "ar"), (TURKISH, TURKISH_SPUN, TURKISH_OTHER, "tr")])
def test_spun_copies_share_bands_in_other_scripts_and_languages(original: str, spun: str, other: str,
                                                                language: str) -> None:
    # Without the language's function words a text has no skeleton, hence no bands: it could never
    # meet its copies at landing. An unknown language uses every list, so it finds them as well.
    for code in (language, None):
        first, copy, unrelated = (set(enumerate(fingerprint(t, code).bands)) for t in (original, spun, other))
        assert len(first & copy) >= 8
        assert len(first & unrelated) <= 1
    assert _match(original, spun, language).same_story
    assert not _match(original, other, language).same_story


def test_texts_without_spaces_are_compared_by_character() -> None:
    chinese = "新华社北京3月12日电 中国外交部发言人12日表示，中方愿同各方一道推动政治解决乌克兰危机。发言人说，对话谈判是唯一出路。"
    assert _match(chinese, chinese + "\n\n更多新闻请关注我们。", "zh").same_story
    assert not _match(chinese, "日本政府周二宣布了新的经济刺激计划，总额达到二十万亿日元，以应对物价上涨。", "zh").same_story


def test_the_sketch_survives_storage() -> None:
    sketch = fingerprint(WIRE, "en").sketch
    again = Sketch.from_bytes(sketch.to_bytes())
    assert compare(sketch, again).relation == "copy" and compare(again, again).similarity == 1.0
    assert fingerprint("", "en").bands == () and Sketch.from_bytes(fingerprint("", "en").sketch.to_bytes())


@pytest.mark.parametrize("text", [WIRE, SPUN, "", "Kurz."])
def test_the_fingerprint_arrives_from_an_extraction_worker_as_it_was_made(text: str) -> None:
    """A crawl's workers send fingerprints to the writer pickled: as the stored blob and the bands, the sketch
    parsed again on arrival. The writer stores the blob as the sketch, and compares the parsed sketch."""
    made = fingerprint(text, "en")
    arrived = pickle.loads(pickle.dumps(made))
    assert arrived.blob == made.blob == made.sketch.to_bytes() == arrived.sketch.to_bytes()
    assert arrived.bands == made.bands
    if text:
        assert compare(arrived.sketch, made.sketch) == compare(made.sketch, made.sketch)
        assert compare(arrived.sketch, fingerprint(SPUN if text == WIRE else WIRE, "en").sketch) == \
            compare(made.sketch, fingerprint(SPUN if text == WIRE else WIRE, "en").sketch)


@pytest.mark.parametrize(("text", "language"), [(WIRE, "en"), (SPUN, "en"), (GERMAN, "de"), (ARABIC, "ar"),
                                                (TURKISH_OTHER, "tr")])
def test_the_signature_is_datasketchs_minhash_of_the_skeleton_shingles(text: str, language: str) -> None:
    """Signatures stored by earlier versions (made with datasketch's ``MinHash.update_batch``) and new ones must
    agree, or copies landed before and after an upgrade would never meet in a band."""
    ids, sentence_of = (np.frombuffer(part, dtype=dtype) for part, dtype in zip(
        lextree.sentence_words(text, _SENTENCE_CLASSES, function_words(language), MAX_SENTENCES,
                               MIN_SENTENCE_WORDS)[3:5], (np.uint64, np.int32), strict=True))
    shingles = np.frombuffer(lextree.skeleton_shingles(ids, sentence_of, _MULTIPLIERS, SKELETON_MIN_KEPT),
                             dtype=np.uint64)
    minhash = _minhash_class()(num_perm=NUM_PERM, seed=15, hashfunc=int)
    minhash.update_batch([int(value) for value in np.unique(shingles)])
    assert len(shingles) and list(fingerprint(text, language).bands) == bands(minhash.hashvalues)
