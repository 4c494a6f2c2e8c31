# prog: an alias to a program (through smrsh, in /etc/mail/smrsh), an
# alias to a file (the *file* mailer, as DefaultUser), an alias to
# both, and a .forward with a pipe.
printf '"|/tmp/w/prog-bin/recorder from-forward", \\alice\n' > home/alice/.forward
chown alice:alice home/alice/.forward
chmod 0644 home/alice/.forward
cat > s.in <<'SMTP'
HELO client.example.com
MAIL FROM:<sender@mail.example.com>
RCPT TO:<recorder@mx.example.com>
RCPT TO:<copy@mx.example.com>
DATA
From: Sender <sender@mail.example.com>
Subject: to a program and a file
Date: Mon, 1 Jan 2001 10:00:00 +0000
Message-Id: <prog.1@mail.example.com>

for the recorder and the copy
.
MAIL FROM:<sender@mail.example.com>
RCPT TO:<both@mx.example.com>
DATA
From: Sender <sender@mail.example.com>
Subject: to both
Date: Mon, 1 Jan 2001 10:00:00 +0000
Message-Id: <prog.2@mail.example.com>

alice, a file, a program
.
QUIT
SMTP
python3 smtp_pipe.py s.in -- $SM -odq -bs
$SM -q
