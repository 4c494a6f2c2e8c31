# "daemon" defers (75); after Timeout.queuewarn a queue run warns
slow <<SMTP | $SM -odq -bs
EHLO client.example.net
MAIL FROM:<alice@example.com>
RCPT TO:<daemon@example.com> NOTIFY=DELAY,FAILURE
DATA
$(cat $MSG)
.
QUIT
SMTP
$SM -odi -q
sleep 3
$SM -odi -q -v -OTimeout.queuewarn=1s
