# bcc-t: -t reads To, Cc and Bcc; the Bcc header is not delivered.
cat > m <<'MSG'
From: Sender <sender@mail.example.com>
To: alice@mx.example.com
Bcc: bob@mx.example.com
Subject: with Bcc
Date: Mon, 1 Jan 2001 10:00:00 +0000
Message-Id: <bcc.1@mail.example.com>

blind copy to bob
MSG
$SM -odq -t -f sender@mail.example.com < m
$SM -q
