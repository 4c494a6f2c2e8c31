# over SMTP: the local mailer exits 67 (EX_NOUSER) for "bin"
slow <<SMTP | $SM -odi -bs
EHLO client.example.net
MAIL FROM:<alice@example.com>
RCPT TO:<bin@example.com>
DATA
$(cat $MSG)
.
QUIT
SMTP
