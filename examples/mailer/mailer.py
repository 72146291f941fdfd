"""The seed 001 notifier: emails the user that their image was converted.

Triggered by an `image.converted` CloudEvent (binary mode) whose data names the image and the
recipient: {"image": "cat.png", "email": "ada@example.com"}. The SMTP server, the sender and the
credentials come from the function's environment:

    SMTP_HOST (default 127.0.0.1), SMTP_PORT (default 25), SMTP_FROM, SMTP_USER, SMTP_PASSWORD (optional),
    SMTP_STARTTLS=1 to upgrade the connection first.

Deploy:
    skiff deploy mailer --runtime python3 --handler mailer.handler --from-file examples/mailer/mailer.py \
        --env SMTP_HOST=smtp.example.com --env SMTP_PORT=587 --env SMTP_FROM=skiff@example.com
    skiff trigger create notify --broker default --filter type=image.converted --function mailer
"""
import json
import os
import smtplib
from email.message import EmailMessage


def handler(event, context):
    request = event['extensions']['request']
    data = json.loads(request.body.decode() or '{}')
    image = data.get('image', 'your image')
    recipient = data.get('email')
    if not recipient:
        return ({'error': 'BadEvent', 'message': 'the event names no email'}, 400)
    message = EmailMessage()
    message['From'] = os.environ.get('SMTP_FROM', 'skiff@localhost')
    message['To'] = recipient
    message['Subject'] = 'Your image %s is ready' % image
    message.set_content('Your image %s was converted (event %s).' % (image, request.headers.get('ce-id', '?')))
    host = os.environ.get('SMTP_HOST', '127.0.0.1')
    port = int(os.environ.get('SMTP_PORT', '25'))
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        if os.environ.get('SMTP_STARTTLS') == '1':
            smtp.starttls()
        if os.environ.get('SMTP_USER'):
            smtp.login(os.environ['SMTP_USER'], os.environ.get('SMTP_PASSWORD', ''))
        smtp.send_message(message)
    print('mailed %s about %s' % (recipient, image), flush=True)
    return {'sent': recipient, 'image': image}
