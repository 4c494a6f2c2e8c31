# plain: one message by -bs to a local user, then a queue run.
cat > s.in <<'SMTP'
EHLO client.example.com
MAIL FROM:<sender@mail.example.com>
RCPT TO:<alice@mx.example.com>
DATA
From: Sender <sender@mail.example.com>
To: alice@mx.example.com
Subject: plain
Date: Mon, 1 Jan 2001 10:00:00 +0000
Message-Id: <plain.1@mail.example.com>

Hello Alice.
From here a line that needs escaping.
.. one dot
.
QUIT
SMTP
python3 smtp_pipe.py s.in -- $SM -odq -bs
$SM -q
