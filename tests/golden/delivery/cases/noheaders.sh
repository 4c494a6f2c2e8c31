# noheaders: SMTP messages without Date, Message-Id or From (sendmail
# adds them), one with no header at all.
cat > s.in <<'SMTP'
HELO client.example.com
MAIL FROM:<sender@mail.example.com>
RCPT TO:<alice@mx.example.com>
DATA
To: alice@mx.example.com

headerless but for To
.
MAIL FROM:<sender@mail.example.com>
RCPT TO:<bob@mx.example.com>
DATA
just a body line, no header at all
.
QUIT
SMTP
python3 smtp_pipe.py s.in -- $SM -odq -bs
$SM -q
