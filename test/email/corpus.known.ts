/**
 * What the desk reads differently from Zammad's expectations in the corpus, and why. The corpus
 * test fails when a difference appears that is not here, or when one listed here goes away.
 */
export const KNOWN_DIFFERENCES: Record<string, { differences: string[]; why: string }> = {
  "zammad/mail008.box": {
    why: "An unnamed part: Zammad invents a file name (image.gif, <subject>.eml, file, delivery-status.txt); the desk calls it attachment-N.<type>. Same bytes: size and MD5 are equal.",
    differences: [
      "attachment missing: image.gif|4157|6036f2faae75ece4fb06929d5d07e59c",
      "attachment extra: attachment-1.gif|4157|6036f2faae75ece4fb06929d5d07e59c",
    ],
  },
  "zammad/mail014.box": {
    why: "An unnamed part: Zammad invents a file name (image.gif, <subject>.eml, file, delivery-status.txt); the desk calls it attachment-N.<type>. Same bytes: size and MD5 are equal. (The two enclosed messages also differ in size: SMTP gave their bare-LF lines CRLF.)",
    differences: [
      "attachment missing: Call: HW-Anforderung; Best-nr.47524152.eml|2326|4eeeae078b920f9d0708353ba0f6aa63",
      "attachment missing: Neue Anfrage erstellt - 33284.eml|1767|5536be23f647953dc39c1673205d6f5b",
      "attachment extra: attachment-1.eml|1808|14d37510be1dea2aa1e94829658cfb4c",
      "attachment extra: attachment-2.eml|2380|872a7eb3f73b73e1ad14096fd16edccd",
    ],
  },
  "zammad/mail015.box": {
    why: "The file name is raw 8-bit GB2312 in the header with no charset: mailparser reads it as Latin-1. Same bytes.",
    differences: [
      "attachment missing: 绩效管理,究竟谁错了.xls|32256|2ef81e47872d42efce7ef34bfa2de043",
      "attachment extra: ¼¨Ð§¹ÜÀí,¾¿¾¹Ë­´íÁË.xls|32256|2ef81e47872d42efce7ef34bfa2de043",
    ],
  },
  "zammad/mail016.box": {
    why: "The From header has raw 8-bit bytes mailparser cannot read as an address; the desk records no sender (the case has no customer). Zammad recovers the address.",
    differences: ['from_email: "" ≠ "vipyimin@126.com"'],
  },
  "zammad/mail017.box": {
    why: "Two From headers, the first one garbage ('[??????]'): the desk reads the first and gets no address; the subject is folded with 8-bit text past the header and mailparser takes the folded body text into it.",
    differences: [
      'from_email: "" ≠ "ghgbwum@185.com.cn"',
      'from_display_name: "" ≠ "都琹"',
      'subject: "【专业为您注册香港及海外公司（好处多多）】　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　人物                    互联网事百度新闻独家出品传媒换一批捷克戴维斯杯决赛前任命临时" ≠ "【专业为您注册香港及海外公司（好处多多）】　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　人物                    互联网事百度新闻独家出品传媒换一批捷克戴维斯杯决赛前任命临时领队 前领队因病住院最新:盖世汽车讯 11月6日，通用汽车宣布今年10月份在华销量...减持三特索道 孟凯将全力发展湘鄂情江青摄影作品科技日报讯 （记者过国忠 通讯员陈飞燕）江苏省无线电科学研究所有限公司院士工作站日前正式建...[详细]"',
    ],
  },
  "zammad/mail019.box": {
    why: "As mail016: raw 8-bit From header, no address read.",
    differences: ['from_email: "" ≠ "vipyiming@126.com"'],
  },
  "zammad/mail023.box": {
    why: "The body's charset is declared wrongly; the text decodes differently, so Zammad's words are not found (the text is there, in other characters).",
    differences: ["body lacks: 机房环境法规"],
  },
  "zammad/mail024.box": {
    why: "A text attachment sent as 7/8-bit with bare LF line ends: SMTP carries lines as CRLF (RFC 5321 §2.3.8), so the file read back has CRLF (one byte more per line); Zammad read the file from disk.",
    differences: [
      "attachment missing: rulesets-report.csv|99|a61c76479fdc2f107fe2697ac5ad60ae",
      "attachment extra: rulesets-report.csv|101|98c0379f81602adffa9fee2959426cce",
    ],
  },
  "zammad/mail035.box": {
    why: "From is a quoted string with no angle address; the desk takes the address inside, Zammad keeps the quotes.",
    differences: [
      'from_email: "finances8@firstfinanceloanfirm.example.com" ≠ "\\"finances8@firstfinanceloanfirm.example.com\\""',
    ],
  },
  "zammad/mail038.box": {
    why: "A text attachment sent as 7/8-bit with bare LF line ends: SMTP carries lines as CRLF (RFC 5321 §2.3.8), so the file read back has CRLF (one byte more per line); Zammad read the file from disk.",
    differences: [
      "attachment missing: signature.asc|842|85223228046c010ce4298947018fa33f",
      "attachment extra: signature.asc|859|dde4f685df806128eb98f21b185a22a0",
    ],
  },
  "zammad/mail039.box": {
    why: "A text attachment sent as 7/8-bit with bare LF line ends: SMTP carries lines as CRLF (RFC 5321 §2.3.8), so the file read back has CRLF (one byte more per line); Zammad read the file from disk.",
    differences: [
      "attachment missing: signature.asc|842|c0b9a38d7c02516db9f016dc8063d1e8",
      "attachment extra: signature.asc|859|8a1a449f5003925a6d1ba7e8231d1b37",
    ],
  },
  "zammad/mail042.box": {
    why: "An unnamed part: Zammad invents a file name (image.gif, <subject>.eml, file, delivery-status.txt); the desk calls it attachment-N.<type>. Same bytes: size and MD5 are equal. encrypted.asc: A text attachment sent as 7/8-bit with bare LF line ends: SMTP carries lines as CRLF (RFC 5321 §2.3.8), so the file read back has CRLF (one byte more per line); Zammad read the file from disk.",
    differences: [
      "attachment missing: encrypted.asc|2256|8d23752cf0211ab3eba43bc3a530e8ab",
      "attachment missing: file|11|4affbb9d61d533e48a8274cdd712a9f8",
      "attachment extra: attachment-1.pgp-encrypted|12|884b2a6cb3c3811ef6236e6736375ab6",
      "attachment extra: encrypted.asc|2295|f555918904f18cc31a01a4effc3a908f",
    ],
  },
  "zammad/mail046.box": {
    why: "Raw 8-bit GB2312 headers without a declared charset: mailparser decodes them as UTF-8 (replacement characters). The enclosed message is unnamed: An unnamed part: Zammad invents a file name (image.gif, <subject>.eml, file, delivery-status.txt); the desk calls it attachment-N.<type>. Same bytes: size and MD5 are equal.",
    differences: [
      'from_display_name: "������" ≠ "ÎäŔźłÉ"',
      'subject: "ת��������������ҵ����ˮƽ" ≠ "转发：整体提升企业服务水平"',
      "attachment missing: 转发：整体提升企业服务水平.eml|1631|624e1cc339bd903010d74245150021db",
      "attachment extra: attachment-1.eml|1631|624e1cc339bd903010d74245150021db",
    ],
  },
  "zammad/mail053.box": {
    why: "From: 'MAILER-DAEMON (Mail Delivery System)' has no domain; the desk records no sender address (it is still classified as a bounce by its subject).",
    differences: ['from_email: "" ≠ "mailer-daemon"'],
  },
  "zammad/mail059.box": {
    why: "A From with two mailboxes; the desk takes the first mailbox's name, Zammad the last one's.",
    differences: ['from_display_name: "Yangzhou ABC Lighting Equipment, LTD" ≠ "LTD"'],
  },
  "zammad/mail060.box": {
    why: "Body text in an undeclared 8-bit charset: decoded differently.",
    differences: ["body lacks: şäşşHere"],
  },
  "zammad/mail062.box": {
    why: "Inline text/html and video parts: mailparser folds the HTML parts into the body (Zammad keeps them as files document*.html) and the unnamed images and videos get our attachment-N names. Same bytes for the files both keep.",
    differences: [
      "attachment missing: document.html|23|6db2535038171c72f97b060a24c8fe06",
      "attachment missing: document1.html|25|489ca24a0a54ca9189ea8a5256242fdd",
      "attachment missing: image000.jpg|964|2cca28177acb4190cbf79cf3624cddae",
      "attachment missing: image001.jpg|965|a618d671348735744d4c9a4005b56799",
      "attachment missing: video.mov|15|370e0cb399d28515ab0692fa76c13b85",
      "attachment missing: video1.mov|18|9052bb9367a0bf45e4d3d10635bce8be",
      "attachment extra: attachment-1.jpeg|965|a618d671348735744d4c9a4005b56799",
      "attachment extra: attachment-2.jpeg|964|2cca28177acb4190cbf79cf3624cddae",
      "attachment extra: attachment-6.quicktime|15|370e0cb399d28515ab0692fa76c13b85",
      "attachment extra: attachment-7.quicktime|18|9052bb9367a0bf45e4d3d10635bce8be",
    ],
  },
  "zammad/mail064.box": {
    why: "Zammad's expected name is mojibake (UTF-8 read as Latin-1); the desk's 'Capture d’écran 2017-12-27 à 12.22.38.jpg' is the right reading. Same bytes.",
    differences: [
      "attachment missing: Capture d’eìcran 2017-12-27 aÌ 12.22.38.jpg|50606|ddbdf67aa2f5c60c294008a54d57082b",
      "attachment extra: Capture d’écran 2017-12-27 à 12.22.38.jpg|50606|ddbdf67aa2f5c60c294008a54d57082b",
    ],
  },
  "zammad/mail065.box": {
    why: "A broken encoded word in From; mailparser decodes the name to 'Bürling, Andreas', Zammad's expectation keeps '=20Andreas?='.",
    differences: ['from_display_name: "Bürling,  Andreas" ≠ "=20Andreas?="'],
  },
  "zammad/mail069.box": {
    why: "An unnamed part: Zammad invents a file name (image.gif, <subject>.eml, file, delivery-status.txt); the desk calls it attachment-N.<type>. Same bytes: size and MD5 are equal.",
    differences: [
      "attachment missing: Online-apotheke. Günstigster Preis. Ohne Rezepte.eml|184074|29a78f25a367d67b38177d729162ee7a",
      "attachment extra: attachment-1.eml|184074|29a78f25a367d67b38177d729162ee7a",
    ],
  },
  "zammad/mail071.box": {
    why: "An address with spaces in its local part ('power quadrant system@example.com'): the desk takes 'system@example.com', Zammad keeps the spaces.",
    differences: [
      'from_email: "system@example.com" ≠ "power quadrant system@example.com"',
      'from_display_name: "your secret past power quadrant" ≠ "your secret past"',
    ],
  },
  "zammad/mail073.box": {
    why: "Zammad's expected name has a replacement character; the desk's 'Forex Platte ohne Wölbung.jpg' is the right reading. Same bytes.",
    differences: [
      "attachment missing: Forex Platte ohne W�lbung.jpg|50608|4618ebc1586f8019270f2bb89798adff",
      "attachment extra: Forex Platte ohne Wölbung.jpg|50608|4618ebc1586f8019270f2bb89798adff",
    ],
  },
  "zammad/mail076.box": {
    why: "A From that is only a broken quoted string; the desk reads no display name.",
    differences: ['from_display_name: "" ≠ "Millions Lottery Spain transfer@example.com>"'],
  },
  "zammad/mail078-content_transfer_encoding_x_uuencode.box": {
    why: "Content-Transfer-Encoding x-uuencode: mailparser does not decode uuencode, so the file is the encoded text.",
    differences: [
      "attachment missing: PGP_Cmts_on_12-14-01_Pkg.txt|12|8c1d966fbbfa8293f832674f032b22b9",
      "attachment extra: PGP_Cmts_on_12-14-01_Pkg.txt|20|45dad5cbcab6684fd8cf421fd0fca25f",
    ],
  },
  "zammad/mail080.box": {
    why: "An unnamed part: Zammad invents a file name (image.gif, <subject>.eml, file, delivery-status.txt); the desk calls it attachment-N.<type>. Same bytes: size and MD5 are equal.",
    differences: [
      "attachment missing: image.jpg|50606|ddbdf67aa2f5c60c294008a54d57082b",
      "attachment extra: attachment-1.jpeg|50606|ddbdf67aa2f5c60c294008a54d57082b",
    ],
  },
  "zammad/mail085.box": {
    why: "An inline text/html part after the text: mailparser makes it part of the body (Zammad keeps it as document.html).",
    differences: ["attachment missing: document.html|1053|9e897e86dc79deb69b06bb740fd5be32"],
  },
  "zammad/mail087.box": {
    why: "From 'Test test@example.com' without angle brackets: the desk takes the address and 'Test' as the name; the unnamed part without a content type is part of the body for mailparser.",
    differences: [
      'from_email: "test@example.com" ≠ "test test@example.com"',
      'from_display_name: "Test" ≠ "Test test@example.com"',
      "attachment missing: file|189|5ed7ccd0674c87509644ecdbe419e6a4",
    ],
  },
  "zammad/mail093.box": {
    why: "ISO-2022-JP in the headers: mailparser decodes them wrongly (the body text is right).",
    differences: ['from_display_name: "c[ EXAMPLE" ≠ "ツール EXAMPLE"', 'subject: "�c�[��" ≠ "ツール"'],
  },
  "zammad/mail100.box": {
    why: "An unnamed part: Zammad invents a file name (image.gif, <subject>.eml, file, delivery-status.txt); the desk calls it attachment-N.<type>. Same bytes: size and MD5 are equal. (Zammad names one of them after its Content-ID, '32497.1617621278.2'.)",
    differences: [
      "attachment missing: 32497.1617621278.2|50606|ddbdf67aa2f5c60c294008a54d57082b",
      "attachment missing: image.jpg|50606|ddbdf67aa2f5c60c294008a54d57082b",
      "attachment extra: attachment-2.others|50606|ddbdf67aa2f5c60c294008a54d57082b",
      "attachment extra: attachment-3.jpg|50606|ddbdf67aa2f5c60c294008a54d57082b",
    ],
  },
  "zammad/mail102.box": {
    why: "The same image twice in the HTML (two Content-IDs, one file): mailparser gives it once.",
    differences: [
      "attachment missing: Screen Shot 2018-12-17 at 091.00.38.png|116173|ce9a5052f2ef328dd92b4f422deb30c5",
    ],
  },
  "zammad/mail105.box": {
    why: "Raw 8-bit UTF-8 in the To header: mailparser reads the address as Latin-1.",
    differences: ["to: metest@znuny.com,k.g�nther@example.com ≠ metest@znuny.com,k.günther@example.com"],
  },
};
