#!/usr/bin/env python3
"""Writes the hand-typed reports that tests/format.rs formats (standard library only).

    python3 tests/format/make_reports.py            # the .docx and .txt files beside this script
    python3 tests/format/make_reports.py --libreoffice   # also 青石镇-lo.docx, saved again by LibreOffice

青石镇.docx is a report as a clerk types it in Word with Word's defaults: Calibri 12 pt on a
Letter page, no page numbers, blank lines between parts, level-1 headings in the 标题 1 style
with Word's automatic numbering (一、), level-2 headings typed by hand (（一）), an ordinal gap
(一是 二是 run on in one paragraph, then 四是), half-width punctuation between Chinese characters,
an image and a comment; 青石镇-表格.docx is the same with a table under its caption
(「表1 …」). The sentences are made up for the tests. 青石镇.txt is a shorter
report typed in Notepad and saved as GBK with CRLF line ends.
"""

import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = (
    f'xmlns:w="{W}" xmlns:r="{R}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)


def esc(t):
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text, extra=""):
    return f'<w:r>{extra}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def p(text="", style=None, jc=None, num=None, runs=None):
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    body = runs if runs is not None else (run(text) if text else "")
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{body}</w:p>"


def table(rows):
    """A table as Word inserts one (Table Grid, autofit), one paragraph a cell."""
    grid = "".join('<w:gridCol w:w="3120"/>' for _ in rows[0])
    trs = "".join("<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="3120" w:type="dxa"/></w:tcPr>{p(c)}</w:tc>' for c in r) + "</w:tr>" for r in rows)
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{trs}</w:tbl>'


IMAGE = (
    '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="914400" cy="914400"/>'
    '<wp:docPr id="1" name="图片 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="厕所.png"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
    "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
)

# A 1 × 1 white PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8ffff3f0005fe02fe0def46b8"
    "0000000049454e44ae426082"
)

BODY_PARTS = (
    [
        p(jc="center", runs=run("关于青石镇2026年度农村人居环境整治工作情况的报告", '<w:rPr><w:b/><w:sz w:val="32"/></w:rPr>')),
        p(),
        p("县农业农村局:"),
        p("今年以来,我镇坚持把人居环境整治作为乡村振兴的基础工程来抓,现将有关情况报告如下."),
        p(),
        p("基本情况", style="Heading1", num=1),
        p("全镇共有行政村11个,自然村落46个,常住人口约2.3万人。"),
        p(),
        p("主要做法", style="Heading1", num=1),
        p("（一）强化组织领导"),
        p("一是成立工作专班。镇党委书记任组长,分管领导具体抓。二是建立包片机制。班子成员每人联系一个村。"),
        p("四是实行月度通报。每月通报各村进展情况。"),
        p("（二）补齐设施短板"),
        p(
            runs='<w:commentRangeStart w:id="0"/>'
            + run("新建公共厕所8座(其中水冲式6座),改造农户厕所320户。")
            + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
            + IMAGE
        ),
        "{TABLE}",
        p(),
        p(),
        p("存在问题", style="Heading1", num=1),
        p("部分村庄长效管护机制还不健全;个别群众参与意识不强。"),
        p("下一步打算", style="Heading1", num=1),
        p("我镇将继续巩固整治成果,推动人居环境持续改善。"),
        p(),
        p("青石镇人民政府", jc="right"),
        p("2026年11月20日", jc="right"),
    ]
)

TABLE = p("表1 各村改厕情况", jc="center") + table([["村名", "改厕户数", "完成率"], ["东山村", "120", "100%"], ["西岭村", "200", "90%"], ["合计", "320", "94%"]])

# Word's Letter page with its default margins, and no footer (no page numbers).
SECT = (
    '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/>'
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>'
    '<w:cols w:space="720"/><w:docGrid w:linePitch="360"/></w:sectPr>'
)

def document(with_table):
    body = "".join((TABLE if with_table else "") if part == "{TABLE}" else part for part in BODY_PARTS)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}><w:body>{body}{SECT}</w:body></w:document>'

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia" w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:link w:val="Heading1Char"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="0"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:asciiTheme="majorHAnsi" w:eastAsiaTheme="majorEastAsia" w:hAnsiTheme="majorHAnsi" w:cstheme="majorBidi"/><w:color w:val="2F5496" w:themeColor="accent1" w:themeShade="BF"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/></w:style>
<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/></w:style>
</w:styles>"""

NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="720"/></w:pPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""

COMMENTS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="李明" w:date="2026-11-19T09:00:00Z" w:initials="LM"><w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{run("户数请与台账核对")}</w:p></w:comment></w:comments>"""

SETTINGS = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="png" ContentType="image/png"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/></Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>"""

TEXT = """关于白沙乡2026年度秸秆综合利用工作的报告

县农业农村局：

今年以来,我乡把秸秆综合利用作为改善生态环境的重要抓手。

一、基本情况
全乡秸秆可收集量约1.8万吨,综合利用率达到92%。

二、主要做法
一是加强宣传引导。二是完善收储体系。四是落实奖补政策。

三、下一步打算
我乡将进一步拓宽利用渠道(重点是饲料化),巩固工作成效。

白沙乡人民政府
2026年11月25日
"""


def write_docx(path, with_table=False):
    entries = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", document(with_table)),
        ("word/styles.xml", STYLES),
        ("word/numbering.xml", NUMBERING),
        ("word/comments.xml", COMMENTS),
        ("word/settings.xml", SETTINGS),
        ("word/_rels/document.xml.rels", DOC_RELS),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
        info = zipfile.ZipInfo("word/media/image1.png", date_time=(2026, 11, 20, 0, 0, 0))
        z.writestr(info, PNG)


def main():
    docx = os.path.join(HERE, "青石镇.docx")
    write_docx(docx)
    write_docx(os.path.join(HERE, "青石镇-表格.docx"), with_table=True)
    with open(os.path.join(HERE, "白沙乡.txt"), "wb") as f:
        f.write(TEXT.replace("\n", "\r\n").encode("gbk"))
    if "--libreoffice" in sys.argv:
        with tempfile.TemporaryDirectory() as out:
            subprocess.run(["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", out, docx], check=True, capture_output=True)
            os.replace(os.path.join(out, "青石镇.docx"), os.path.join(HERE, "青石镇-lo.docx"))


if __name__ == "__main__":
    main()
