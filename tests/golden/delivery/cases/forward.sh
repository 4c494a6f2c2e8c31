# forward: bob forwards to alice and keeps a copy (\bob).
printf '\\bob, alice\n' > home/bob/.forward
chown bob:bob home/bob/.forward
chmod 0644 home/bob/.forward
cat > s.in <<'SMTP'
EHLO client.example.com
MAIL FROM:<sender@mail.example.com>
RCPT TO:<bob@mx.example.com>
DATA
From: Sender <sender@mail.example.com>
To: bob@mx.example.com
Subject: forwarded
Date: Mon, 1 Jan 2001 10:00:00 +0000
Message-Id: <forward.1@mail.example.com>

to bob, forwarded to alice
.
QUIT
SMTP
python3 smtp_pipe.py s.in -- $SM -odq -bs
$SM -q
