"""Every public page in each of the five languages: its headings and buttons from the catalogs,
<html lang dir>, and times written in the reader's language and zone through CLDR."""
from __future__ import annotations

import re
from html import unescape

import pytest

from tests.app.helpers.tours import EUROPE, PROGRAMME, load_study_tours

LANGS = ["en", "zh-Hans", "es", "fr", "ar"]
HTML_TAG = {lang: f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"' for lang in LANGS}

#: page -> (path, what it needs loaded, {language: exact strings the page shows}).
PAGES = {
    "home": ("/", "demo", {
        "en": ["<h1>Guangzhou International Award for Urban Innovation</h1>",
               '<a class="button" href="/p/award-2023/">Open the programme</a>',
               '<h2 id="next-seminars">Upcoming seminars</h2>'],
        "zh-Hans": ["<h1>广州国际城市创新奖</h1>", '<a class="button" href="/p/award-2023/">查看活动日程</a>',
                    '<h2 id="next-seminars">即将举行的研讨会</h2>'],
        "es": ["<h1>Premio Internacional de Guangzhou a la Innovación Urbana</h1>",
               '<a class="button" href="/p/award-2023/">Abrir el programa</a>',
               '<h2 id="next-seminars">Próximos seminarios</h2>'],
        "fr": ["<h1>Prix international de Guangzhou pour l'innovation urbaine</h1>",
               '<a class="button" href="/p/award-2023/">Ouvrir le programme</a>',
               '<h2 id="next-seminars">Prochains séminaires</h2>'],
        "ar": ["<h1>جائزة قوانغتشو الدولية للابتكار الحضري</h1>",
               '<a class="button" href="/p/award-2023/">فتح البرنامج</a>',
               '<h2 id="next-seminars">الندوات القادمة</h2>'],
    }),
    "programme": ("/p/award-2023/", "demo", {
        "en": ["Follow the whole programme in your calendar</h2>",
               '<a class="button" href="/p/award-2023/register">Register for the seminars</a>'],
        "zh-Hans": ["在您的日历中关注整个活动日程</h2>",
                    '<a class="button" href="/p/award-2023/register">报名参加研讨会</a>'],
        "es": ["Siga todo el programa en su calendario</h2>",
               '<a class="button" href="/p/award-2023/register">Inscribirse en los seminarios</a>'],
        "fr": ["Suivre tout le programme dans votre calendrier</h2>",
               '<a class="button" href="/p/award-2023/register">S\'inscrire aux séminaires</a>'],
        "ar": ["متابعة البرنامج كاملًا في تقويمك</h2>",
               '<a class="button" href="/p/award-2023/register">التسجيل في الندوات</a>'],
    }),
    "seminar": ("/p/award-2023/seminars/seminar-1", "demo", {
        "en": ['<a class="button" href="/p/award-2023/register?seminar=seminar-1">Register for this seminar</a>',
               "<h2>Presenting cities</h2>"],
        "zh-Hans": ['<a class="button" href="/p/award-2023/register?seminar=seminar-1">报名参加本场研讨会</a>',
                    "<h2>参与展示的城市</h2>"],
        "es": ['<a class="button" href="/p/award-2023/register?seminar=seminar-1">Inscribirse en este seminario</a>',
               "<h2>Ciudades que presentan</h2>"],
        "fr": ['<a class="button" href="/p/award-2023/register?seminar=seminar-1">S\'inscrire à ce séminaire</a>',
               "<h2>Villes intervenantes</h2>"],
        "ar": ['<a class="button" href="/p/award-2023/register?seminar=seminar-1">التسجيل في هذه الندوة</a>',
               "<h2>المدن المشاركة في العرض</h2>"],
    }),
    "cities": ("/p/award-2023/cities", "demo", {
        "en": ["<h1>Cities taking part</h1>"], "zh-Hans": ["<h1>参与城市</h1>"],
        "es": ["<h1>Ciudades participantes</h1>"],
        "fr": ["<h1>Villes participantes</h1>"], "ar": ["<h1>المدن المشاركة</h1>"],
    }),
    "city": ("/p/award-2023/cities/kazan", "demo", {
        "en": ['<a class="button" href="/p/award-2023/register?city=kazan">Register to watch Kazan present</a>',
               "Follow Kazan in your calendar</h2>"],
        "zh-Hans": ['<a class="button" href="/p/award-2023/register?city=kazan">报名观看Kazan的展示</a>',
                    "在您的日历中关注Kazan</h2>"],
        "es": ['<a class="button" href="/p/award-2023/register?city=kazan">Inscríbase para ver la presentación de '
               "Kazan</a>",
               "Siga a Kazan en su calendario</h2>"],
        "fr": ['<a class="button" href="/p/award-2023/register?city=kazan">S\'inscrire pour suivre la présentation de '
               "Kazan</a>", "Suivre Kazan dans votre calendrier</h2>"],
        "ar": ['<a class="button" href="/p/award-2023/register?city=kazan">التسجيل لمتابعة عرض Kazan</a>',
               "متابعة Kazan في تقويمك</h2>"],
    }),
    "tours": (f"/p/{PROGRAMME}/tours", "tours", {
        "en": ["<h1>Study tours</h1>"], "zh-Hans": ["<h1>考察之旅</h1>"], "es": ["<h1>Viajes de estudio</h1>"],
        "fr": ["<h1>Voyages d'étude</h1>"], "ar": ["<h1>الجولات الدراسية</h1>"],
    }),
    "tour": (EUROPE, "tours", {
        "en": ["<h2>Itinerary</h2>", "download>Download .ics</a>"],
        "zh-Hans": ["<h2>行程</h2>", "download>下载 .ics 文件</a>"],
        "es": ["<h2>Itinerario</h2>", "download>Descargar .ics</a>"],
        "fr": ["<h2>Itinéraire</h2>", "download>Télécharger le fichier .ics</a>"],
        "ar": ["<h2>خط السير</h2>", "download>تنزيل ملف .ics</a>"],
    }),
    "register": ("/p/award-2023/register", "demo", {
        "en": ["<h1>Register for the seminars</h1>", 'type="submit" value="Register">',
               "<legend>Reminders by email</legend>"],
        "zh-Hans": ["<h1>报名参加研讨会</h1>", 'type="submit" value="报名">', "<legend>电子邮件提醒</legend>"],
        "es": ["<h1>Inscribirse en los seminarios</h1>", 'type="submit" value="Inscribirse">',
               "<legend>Recordatorios por correo electrónico</legend>"],
        "fr": ["<h1>S'inscrire aux séminaires</h1>", 'type="submit" value="S\'inscrire">',
               "<legend>Rappels par courriel</legend>"],
        "ar": ["<h1>التسجيل في الندوات</h1>", 'type="submit" value="التسجيل">',
               "<legend>التذكيرات عبر البريد الإلكتروني</legend>"],
    }),
    # Before it opens (the clock is at the announcement, 30 Oct 2023).
    "vote": ("/p/award-2023/vote/city-of-your-choice-2023", "demo", {
        "en": ["<h2>The cities on the ballot</h2>", '<p class="eyebrow">Vote · 1–30 Nov 2023</p>',
               '<span class="badge">Not open yet</span>'],
        "zh-Hans": ["<h2>候选城市</h2>", '<p class="eyebrow">投票 · 2023年11月1日\u2009–\u200930日</p>',
                    '<span class="badge">尚未开始</span>'],
        "es": ["<h2>Las ciudades candidatas</h2>", '<p class="eyebrow">Votación · 1–30 nov 2023</p>',
               '<span class="badge">Aún no abierta</span>'],
        "fr": ["<h2>Les villes en lice</h2>", '<p class="eyebrow">Vote · 1–30 nov. 2023</p>',
               '<span class="badge">Pas encore ouvert</span>'],
        "ar": ["<h2>المدن المدرجة في قائمة التصويت</h2>", '<p class="eyebrow">التصويت · 1–30 نوفمبر 2023</p>',
               '<span class="badge">لم يُفتح بعد</span>'],
    }),
    "timezone": ("/timezone", None, {
        "en": ["<h1>Choose your time zone</h1>",
               '<button class="button" type="submit">Show times in this zone</button>'],
        "zh-Hans": ["<h1>选择您的时区</h1>", '<button class="button" type="submit">按此时区显示时间</button>'],
        "es": ["<h1>Elija su zona horaria</h1>",
               '<button class="button" type="submit">Mostrar las horas en esta zona</button>'],
        "fr": ["<h1>Choisissez votre fuseau horaire</h1>",
               '<button class="button" type="submit">Afficher les heures dans ce fuseau</button>'],
        "ar": ["<h1>اختيار منطقتك الزمنية</h1>",
               '<button class="button" type="submit">عرض الأوقات بهذه المنطقة الزمنية</button>'],
    }),
    "404": ("/no-such-page", None, {
        "en": ["<h1>Page not found</h1>", '<p class="lead">The requested URL was not found on the server.'],
        "zh-Hans": ["<h1>页面未找到</h1>", '<p class="lead">服务器上未找到所请求的网址。'],
        "es": ["<h1>Página no encontrada</h1>", '<p class="lead">No se encontró la URL solicitada en el servidor.'],
        "fr": ["<h1>Page introuvable</h1>", '<p class="lead">L&#39;URL demandée est introuvable sur le serveur.'],
        "ar": ["<h1>الصفحة غير موجودة</h1>", '<p class="lead">لم يُعثر على عنوان URL المطلوب على الخادم.'],
    }),
}


@pytest.fixture()
def loaded(request, clock):
    """Loads what a page needs: ``loaded("demo")`` or ``loaded("tours")``."""
    def load(what):
        if what == "demo":
            request.getfixturevalue("demo")
        elif what == "tours":
            load_study_tours(clock())

    return load


def folded(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def when_of(page: str, datetime: str) -> str:
    """The words of the ``<p class="when">`` whose time starts at ``datetime`` (UTC)."""
    found = re.search(rf'<p class="when">\s*<time datetime="{datetime}".*?</p>', page, re.S)
    assert found, page[:300]
    return folded(found.group(0))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(PAGES))
def test_each_public_page_is_in_the_language_asked_for(client, loaded, name, lang):
    path, needs, expected = PAGES[name]
    loaded(needs)
    response = client.get(path, query_string={"lang": lang})
    assert response.status_code == (404 if name == "404" else 200)
    page = response.get_data(as_text=True)
    assert HTML_TAG[lang] in page
    for text in expected[lang]:
        assert text in page


def test_seminar_one_for_a_visitor_in_bogota_in_spanish(client, demo):
    page = client.get("/p/award-2023/seminars/seminar-1?tz=America/Bogota&lang=es").get_data(as_text=True)
    # 12:30 UTC is 07:30 in Bogotá (UTC-5 all year) and 20:30 in Guangzhou (UTC+8), Monday 6 Nov 2023.
    assert when_of(page, "2023-11-06T12:30:00Z") == (
        "lun, 6 nov 2023 7:30–9:00 hora de Colombia (America/Bogota, UTC-5) = 20:30–22:00 hora de China, UTC+8")
    assert "Horas mostradas en <strong>hora de Colombia</strong>" in page
    assert ('<td><span class="nowrap">lun, 6 nov 2023</span>, <span class="nowrap">16:00–17:30</span><br>'
            '<span class="muted">hora de Irán, UTC+3:30</span></td>') in page


def test_seminar_one_for_a_visitor_in_bogota_in_chinese(client, demo):
    page = client.get("/p/award-2023/seminars/seminar-1?tz=America/Bogota&lang=zh-Hans").get_data(as_text=True)
    assert when_of(page, "2023-11-06T12:30:00Z") == (
        "2023年11月6日周一 07:30–09:00 哥伦比亚时间 (America/Bogota, UTC-5) = 20:30–22:00 中国时间, UTC+8")
    assert "时间按<strong>哥伦比亚时间</strong>显示" in page


def test_seminar_one_for_a_visitor_in_bogota_in_arabic(client, demo):
    page = client.get("/p/award-2023/seminars/seminar-1?tz=America/Bogota&lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page
    assert when_of(page, "2023-11-06T12:30:00Z") == (
        "الاثنين، 6 نوفمبر 2023 07:30–09:00 توقيت كولومبيا (America/Bogota, UTC-5) = 20:30–22:00 توقيت الصين, UTC+8")


def test_the_award_ceremony_for_a_visitor_in_tehran_in_french(client, demo):
    # 10:00 in Guangzhou (UTC+8) is 02:00 UTC, 05:30 in Tehran (UTC+3:30, no summer time since 2022),
    # Thursday 7 Dec 2023. The ceremony takes place in Guangzhou: its own time comes first.
    page = client.get("/p/award-2023/?tz=Asia/Tehran&lang=fr").get_data(as_text=True)
    assert when_of(page, "2023-12-07T02:00:00Z") == (
        "jeu. 7 déc. 2023 10:00–12:00 heure de la Chine (Asia/Shanghai, UTC+8) = 05:30–07:30 heure de l’Iran, UTC+3:30")
    vote = client.get("/p/award-2023/vote/city-of-your-choice-2023?lang=fr").get_data(as_text=True)
    assert ("<time datetime=\"2023-12-07T02:00:00Z\"><strong>jeu. 7 déc. 2023, 05:30 heure de l’Iran</strong></time>\n"
            "<span class=\"muted\">(UTC+3:30; jeu. 7 déc. 2023, 10:00 heure de la Chine, UTC+8)</span>") in vote


def test_the_seminar_pages_title_is_its_name_and_the_site_only(client, demo):
    """The <title> is text a tab and a search result show: no markup of the page inside it."""
    page = client.get("/p/award-2023/seminars/seminar-1?lang=es").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert " ".join(title.split()) == ("Seminario 1: Making our cities and regions safe and resilient for all"
                                       " · Premio de Guangzhou")
