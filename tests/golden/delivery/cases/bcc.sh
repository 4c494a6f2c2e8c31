# bcc: a Bcc header in an SMTP message (sendmail marks SMTP messages to
# have Bcc deleted on delivery: qf flag b)
cat > s.in <<'SMTP'
HELO client.example.com
MAIL FROM:<sender@mail.example.com>
RCPT TO:<bob@mx.example.com>
DATA
To: alice@mx.example.com
Bcc: bob@mx.example.com
Subject: with Bcc over SMTP

bcc over SMTP
.
QUIT
SMTP
python3 smtp_pipe.py s.in -- $SM -odq -bs
$SM -q
