# "daemon" defers (75) until Timeout.queuereturn: returned
slow <<SMTP | $SM -odq -bs
EHLO client.example.net
MAIL FROM:<alice@example.com>
RCPT TO:<daemon@example.com>
DATA
$(cat $MSG)
.
QUIT
SMTP
$SM -odi -q
sleep 3
$SM -odi -q -v -OTimeout.queuereturn=1s
