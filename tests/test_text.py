from landscape.text import esc, is_blank, md_escape, tr


def test_esc_neutralises_html_and_js_template_syntax():
    out = esc("<img src=x onerror=alert(1)> ${alert(1)} ` \\ \"'")
    for raw in ("<", ">", "${", "`", "\\", '"', "'"):
        assert raw not in out
    assert "&lt;img" in out and "&#36;&#123;alert(1)&#125;" in out and "&#96;" in out
    assert "&#92;" in out and "{" not in out, "braces too: folium renders scripts as Jinja"


def test_esc_of_none_is_empty():
    assert esc(None) == ""


def test_tr_falls_back_to_english_when_translation_is_empty():
    record = {"name_en": "Samarkand", "name_ru": "Самарканд", "name_ky": "", "name_kk": None}
    assert tr(record, "name", "ru") == "Самарканд"
    assert tr(record, "name", "ky") == "Samarkand"
    assert tr(record, "name", "kk") == "Samarkand"


def test_blank_values_mark_gaps():
    assert is_blank("  ") and is_blank([]) and is_blank(float("nan")) and is_blank(None)
    assert not is_blank("x") and not is_blank(0)


def test_md_escape_disables_links_latex_and_html():
    out = md_escape("[x](javascript:alert(1)) $x$ <b>")
    assert "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in out
    assert "\\$x\\$" in out and "\\<b\\>" in out
