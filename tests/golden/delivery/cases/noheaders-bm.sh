# noheaders-bm: no Date, Message-Id or From (sendmail adds them), by -bm
# from standard input; and a message with no header at all.
printf 'Subject: bare\n\nno Date, no Message-Id, no From\n' > m
$SM -odq -f sender@mail.example.com alice < m
printf 'just a body line\n' > m2
$SM -odq -f sender@mail.example.com bob < m2
$SM -q
