# RET=HDRS, ENVID, ORCPT, NOTIFY=FAILURE
slow <<SMTP | $SM -odi -bs
EHLO client.example.net
MAIL FROM:<alice@example.com> RET=HDRS ENVID=env-123+2Bx
RCPT TO:<bin@example.com> NOTIFY=FAILURE ORCPT=rfc822;Bin+40orig@orig.example
DATA
$(cat $MSG)
.
QUIT
SMTP
