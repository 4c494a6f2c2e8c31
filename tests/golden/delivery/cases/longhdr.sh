# longhdr: a 1200-byte Subject on one line, a To with 40 addresses on
# one line, and a header folded over many lines.
subj=$(python3 -c 'print("Subject: " + " ".join("word%03d" % i for i in range(150)))')
to=$(python3 -c 'print("To: " + ", ".join("user%02d@example.org" % i for i in range(40)))')
{
	echo "HELO client.example.com"
	echo "MAIL FROM:<sender@mail.example.com>"
	echo "RCPT TO:<alice@mx.example.com>"
	echo "DATA"
	echo "$subj"
	echo "$to"
	echo "X-Folded: first"
	for i in 1 2 3 4 5 6 7 8 9 10; do echo "	continuation $i"; done
	echo "Date: Mon, 1 Jan 2001 10:00:00 +0000"
	echo "Message-Id: <longhdr.1@mail.example.com>"
	echo ""
	echo "long headers"
	echo "."
	echo "QUIT"
} > s.in
python3 smtp_pipe.py s.in -- $SM -odq -bs
$SM -q
