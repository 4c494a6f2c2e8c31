# one fails, one succeeds with NOTIFY=SUCCESS,FAILURE, one plain
slow <<SMTP | $SM -odi -bs
EHLO client.example.net
MAIL FROM:<alice@example.com>
RCPT TO:<bin@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bin@example.com
RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE
RCPT TO:<root@example.com>
DATA
$(cat $MSG)
.
QUIT
SMTP
