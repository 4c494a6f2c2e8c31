# smrsh-refused: an alias to a program not in the smrsh directory: smrsh
# refuses it, the recipient fails, the sender (bob, local) gets a bounce.
cat > s.in <<'SMTP'
HELO client.example.com
MAIL FROM:<bob@mx.example.com>
RCPT TO:<refused@mx.example.com>
DATA
From: Bob <bob@mx.example.com>
Subject: to a program smrsh refuses
Date: Mon, 1 Jan 2001 10:00:00 +0000
Message-Id: <refused.1@mx.example.com>

never run
.
QUIT
SMTP
python3 smtp_pipe.py s.in -- $SM -odq -bs
$SM -q
