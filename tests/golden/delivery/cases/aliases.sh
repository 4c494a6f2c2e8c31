# aliases: a list alias (staff: alice, bob), an :include: list, and
# postmaster -> root; duplicates delivered once.
cat > s.in <<'SMTP'
EHLO client.example.com
MAIL FROM:<sender@mail.example.com>
RCPT TO:<staff@mx.example.com>
RCPT TO:<list@mx.example.com>
RCPT TO:<postmaster@mx.example.com>
DATA
From: Sender <sender@mail.example.com>
To: staff@mx.example.com, list@mx.example.com
Subject: to the lists
Date: Mon, 1 Jan 2001 10:00:00 +0000
Message-Id: <aliases.1@mail.example.com>

for everybody
.
QUIT
SMTP
python3 smtp_pipe.py s.in -- $SM -odq -bs
$SM -q
