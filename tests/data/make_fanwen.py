#!/usr/bin/env python3
"""Writes the synthetic 范文 that tests/import.rs imports (own wording, no real seller).

fanwen-gbk.txt  GBK with CRLF, as 范文 sold online usually are: seller lines before the
                title and after the text, placeholders of every kind the import knows,
                items run on in one paragraph, a level-2 heading, a run-in level-2 heading.
fanwen.md       the same report in Markdown (UTF-8, LF).
fanwen.docx     the same body as a minimal Word package, an advert in its header.

Run from the repository: python3 tests/data/make_fanwen.py
"""
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))

HEAD = [
    "星河文档 仅供参考 请勿外传",
    "星河文档",
]
TITLE = "XX镇20XX年度村级组织建设工作总结范文"
BODY = [
    "县委组织部：",
    "本文由星河文档整理，加VX：xinghe2025 免费领取更多资料",
    "20XX年以来，XX镇党委围绕建强村级组织这一目标，统筹推进班子建设和阵地建设。现将有关情况报告如下。",
    "一、主要工作",
    "（一）配强村级班子",
    "全镇XX个村全部完成换届，新进班子成员XX名，培训村干部XX人次。",
    "（二）规范阵地建设。对村级活动场所逐一排查，整改问题XX个，编印工作手册XX份。",
    "一是抓好议事规则落实，村务事项全部经过四议两公开。二是抓好党员积分管理，每月公示积分结果。三是抓好后备力量培养，每村储备后备干部两名以上。",
    "四是抓好联系服务群众，镇村干部每月走访农户一次。",
    "二、存在问题",
    "对照上级要求，工作中还存在一些短板：一是部分村集体经济收入偏低；二是个别村干部年龄偏大；三是少数党员作用发挥不明显。",
    "三、下步打算",
    "一是在X月X日前完成村级班子分析研判。",
    "二是依托××学院开展村干部轮训，计划召开现场推进会XX次。",
    "中共XX镇委员会",
    "20XX年X月X日",
]
TAIL = [
    "星河文档整理，获取完整版请加QQ 87654321",
    "星河文档",
    "专注材料、天天更新",
    "关注公众号领取更多",
]


def write_text():
    lines = HEAD + [TITLE, ""] + BODY + [""] + TAIL
    with open(os.path.join(HERE, "fanwen-gbk.txt"), "wb") as f:
        f.write("\r\n".join(lines).encode("gbk") + b"\r\n")


def write_markdown():
    out = ["> " + HEAD[0], "", "# " + TITLE, ""]
    for line in BODY:
        if line.startswith(("一、", "二、", "三、")):
            out += ["## " + line, ""]
        elif line.startswith("（一）配强"):
            out += ["### " + line[3:], ""]
        else:
            out += [line, ""]
    out += ["---", ""] + [t + "\n" for t in TAIL]
    with open(os.path.join(HERE, "fanwen.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out))


def para(text, style=None, center=False):
    ppr = ""
    if style or center:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + ('<w:jc w:val="center"/>' if center else "") + "</w:pPr>"
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"


def write_docx():
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    body = para(TITLE, center=True) + "".join(para(t) for t in BODY)
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>'
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}{sect}</w:body></w:document>'
    header = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {W}>{para("星河文档 用后删除")}</w:hdr>'
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
        "</Relationships>"
    )
    path = os.path.join(HERE, "fanwen.docx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document), ("word/_rels/document.xml.rels", doc_rels), ("word/header1.xml", header)]:
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))


if __name__ == "__main__":
    write_text()
    write_markdown()
    write_docx()
