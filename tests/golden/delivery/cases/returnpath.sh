# returnpath: a message that brings its own Return-Path (and the null
# sender, whose Return-Path is <>).
cat > s.in <<'SMTP'
HELO client.example.com
MAIL FROM:<sender@mail.example.com>
RCPT TO:<alice@mx.example.com>
DATA
Return-Path: <forged@elsewhere.example>
From: Sender <sender@mail.example.com>
Subject: own Return-Path
Date: Mon, 1 Jan 2001 10:00:00 +0000
Message-Id: <rp.1@mail.example.com>

body
.
MAIL FROM:<>
RCPT TO:<bob@mx.example.com>
DATA
Subject: from the null sender
Date: Mon, 1 Jan 2001 10:00:00 +0000
Message-Id: <rp.2@mail.example.com>

body
.
QUIT
SMTP
python3 smtp_pipe.py s.in -- $SM -odq -bs
$SM -q
