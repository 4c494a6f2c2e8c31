# NOTIFY=SUCCESS: a delivery report
slow <<SMTP | $SM -odi -bs
EHLO client.example.net
MAIL FROM:<alice@example.com> ENVID=ok-1
RCPT TO:<bob@example.com> NOTIFY=SUCCESS
DATA
$(cat $MSG)
.
QUIT
SMTP
