# 8bit: 8-bit bytes in the body and a header, with and without
# BODY=8BITMIME.
cat > s.in <<'SMTP'
EHLO client.example.com
MAIL FROM:<sender@mail.example.com> BODY=8BITMIME
RCPT TO:<alice@mx.example.com>
DATA
From: Sender <sender@mail.example.com>
To: alice@mx.example.com
Subject: caf\xc3\xa9 8-bit
Date: Mon, 1 Jan 2001 10:00:00 +0000
Message-Id: <8bit.1@mail.example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

na\xc3\xafve caf\xc3\xa9 \xe2\x82\xac \xff\xfe
.
MAIL FROM:<sender@mail.example.com>
RCPT TO:<bob@mx.example.com>
DATA
Subject: no BODY= but 8-bit

r\xc3\xa9sum\xc3\xa9
.
QUIT
SMTP
python3 -c 'import sys; sys.stdout.buffer.write(open("s.in", "rb").read().decode("unicode_escape").encode("latin-1"))' > s8.in
python3 smtp_pipe.py s8.in -- $SM -odq -bs
$SM -q
