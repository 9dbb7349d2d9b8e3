//! Mail delivery: `send_due` and the `mail` job deliver the outbox to an SMTP server (a tiny
//! fake one on 127.0.0.1, below), keep a message for a later try while the server is down,
//! never send one twice, and forget a reset link's body once it is sent. What is queued, and
//! when, is tested in `mail`.

use crate::helpers::{TestApp, logged_in_admin, spawn_app, spawn_app_with};
use crate::mail::outbox;
use cartwheel::config::Config;
use cartwheel::jobs::{self, Attempt, StartedBy};
use cartwheel::models::{NewMessage, OutboxMessage, now};
use cartwheel::services::mail;
use chrono::Duration;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// A fake SMTP server on 127.0.0.1 that accepts every message and keeps its DATA.
fn fake_smtp(listener: TcpListener) -> Arc<Mutex<Vec<String>>> {
    let received = Arc::new(Mutex::new(Vec::new()));
    let keep = Arc::clone(&received);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = serve_smtp(stream, &keep);
        }
    });
    received
}

/// Speaks just enough SMTP for one client: greeting, EHLO, MAIL, RCPT, DATA, QUIT.
fn serve_smtp(stream: TcpStream, received: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    out.write_all(b"220 fake ESMTP\r\n")?;
    let mut data: Option<String> = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if let Some(body) = data.as_mut() {
            if line == ".\r\n" {
                received.lock().expect("lock").push(std::mem::take(body));
                data = None;
                out.write_all(b"250 queued\r\n")?;
            } else {
                body.push_str(&line);
            }
            continue;
        }
        let command = line.to_ascii_uppercase();
        let answer: &[u8] = if command.starts_with("DATA") {
            data = Some(String::new());
            b"354 go ahead\r\n"
        } else if command.starts_with("QUIT") {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            b"250 ok\r\n"
        };
        out.write_all(answer)?;
    }
}

/// A port on 127.0.0.1 that nothing listens on (it was free a moment ago).
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

fn smtp_config(app: &TestApp, port: u16) -> Config {
    let mut config = Config::for_tests(app.database.url.clone());
    config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    config
}

fn queue_one(app: &TestApp) -> i32 {
    let message = NewMessage {
        to_address: "ada@example.com".into(),
        subject: "Your order CW-TEST".into(),
        text_body: "Thank you.".into(),
        html_body: "<p>Thank you.</p>".into(),
        kind: "order_confirmation",
    };
    mail::queue(&mut app.conn(), &message, now()).expect("queued");
    outbox(app, "order_confirmation")[0].id
}

#[tokio::test]
async fn send_due_delivers_the_message_and_marks_it_sent() {
    // Arrange
    let app = spawn_app().await;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let config = smtp_config(&app, listener.local_addr().expect("address").port());
    let received = fake_smtp(listener);
    let id = queue_one(&app);

    // Act
    let sent = mail::send_due(&mut app.conn(), &config, now()).expect("sent");

    // Assert
    assert_eq!(sent, 1);
    let message = OutboxMessage::find(&mut app.conn(), id).expect("message");
    assert!(message.sent_at.is_some());
    let received = received.lock().expect("lock");
    assert_eq!(received.len(), 1);
    assert!(received[0].contains("Subject: Your order CW-TEST"));
    assert!(received[0].contains("text/plain"));
    assert!(received[0].contains("text/html"));
    assert_eq!(
        mail::send_due(&mut app.conn(), &config, now()).expect("ran"),
        0,
        "a sent message is not sent again"
    );
}

#[tokio::test]
async fn the_mail_job_sends_the_outbox_through_its_lease() {
    // Arrange
    let app = spawn_app().await;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let config = smtp_config(&app, listener.local_addr().expect("address").port());
    let received = fake_smtp(listener);
    let id = queue_one(&app);
    let job = jobs::find("mail").expect("the mail job is registered");
    let conn = &mut app.conn();
    jobs::register_all(conn, &jobs::all(), now()).expect("registered");

    // Act: as the runner would, when the job is due
    let attempt = jobs::run_job(conn, &config, &job, now(), StartedBy::Schedule, true);

    // Assert
    match attempt.expect("ran") {
        Attempt::Ran { result, .. } => assert_eq!(result, Ok(1)),
        other => panic!("the mail job did not run: {other:?}"),
    }
    assert!(
        OutboxMessage::find(conn, id)
            .expect("message")
            .sent_at
            .is_some()
    );
    assert_eq!(received.lock().expect("lock").len(), 1);
}

#[tokio::test]
async fn a_message_the_server_could_not_take_waits_and_is_sent_once_when_it_is_back() {
    // Arrange: nothing listens on the port yet.
    let app = spawn_app().await;
    let port = free_port();
    let config = smtp_config(&app, port);
    let id = queue_one(&app);
    let start = now();

    // Act 1: the server is down.
    let sent = mail::send_due(&mut app.conn(), &config, start).expect("ran");

    // Assert 1: kept, with the error and a later time to retry.
    assert_eq!(sent, 0);
    let failed = OutboxMessage::find(&mut app.conn(), id).expect("message");
    assert_eq!(failed.sent_at, None);
    assert_eq!(failed.attempts, 1);
    assert!(failed.last_error.is_some());
    assert!(failed.next_attempt_at > start);
    assert_eq!(failed.state(), "retrying");

    // Act 2: the server comes up; before the retry time nothing happens, after it the
    // message goes out, and later runs do not send it again.
    let received = fake_smtp(TcpListener::bind(("127.0.0.1", port)).expect("port free again"));
    let too_early = mail::send_due(&mut app.conn(), &config, start).expect("ran");
    let later = start + Duration::minutes(2);
    let sent = mail::send_due(&mut app.conn(), &config, later).expect("ran");
    let again = mail::send_due(&mut app.conn(), &config, later + Duration::hours(1)).expect("ran");

    // Assert 2
    assert_eq!((too_early, sent, again), (0, 1, 0));
    assert_eq!(received.lock().expect("lock").len(), 1);
    let message = OutboxMessage::find(&mut app.conn(), id).expect("message");
    assert!(message.sent_at.is_some());
    assert_eq!(message.state(), "sent");
}

#[tokio::test]
async fn without_a_mail_server_send_due_does_nothing_and_mail_stays_in_the_outbox() {
    let app = spawn_app().await;
    let id = queue_one(&app);
    let config = Config::for_tests(app.database.url.clone());

    let sent = mail::send_due(&mut app.conn(), &config, now()).expect("ran");

    assert_eq!(sent, 0);
    let message = OutboxMessage::find(&mut app.conn(), id).expect("message");
    assert_eq!((message.sent_at, message.attempts), (None, 0));
}

#[tokio::test]
async fn two_senders_cannot_claim_the_same_message() {
    let app = spawn_app().await;
    let id = queue_one(&app);
    let at = now();
    let until = at + Duration::minutes(10);

    let first = OutboxMessage::claim(&mut app.conn(), id, at, until).expect("claim");
    let second = OutboxMessage::claim(&mut app.conn(), id, at, until).expect("claim");

    assert!(first);
    assert!(!second, "the first sender owns it until the claim runs out");
    assert!(
        OutboxMessage::due(&mut app.conn(), at, 10)
            .expect("due")
            .is_empty()
    );
}

#[tokio::test]
async fn a_reset_link_is_hidden_from_admins_while_mailed_and_forgotten_once_sent() {
    // Arrange: a shop with a mail server, an admin, and a customer asking for a reset link.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let app = spawn_app_with(|config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await;
    app.user("admin@example.com", true);
    app.log_in("admin@example.com").await;
    app.user("ann@example.com", false);
    app.new_browser()
        .post_form("/password/forgot", &[("email", "ann@example.com")])
        .await;
    let waiting = outbox(&app, "password_reset");
    assert!(waiting[0].text_body.contains("/password/reset/"));
    let id = waiting[0].id;
    let admin_view = app.get_html(&format!("/admin/outbox/{id}")).await;

    // Act
    let received = fake_smtp(listener);
    let sent = mail::send_due(&mut app.conn(), &smtp_config(&app, port), now()).expect("sent");

    // Assert: the admin never saw the link, the customer got it, the database forgot it.
    assert!(!admin_view.contains("/password/reset/"), "{admin_view}");
    assert!(admin_view.contains("shown to its recipient only"));
    assert_eq!((sent, received.lock().expect("lock").len()), (1, 1));
    let stored = OutboxMessage::find(&mut app.conn(), id).expect("message");
    assert!(stored.sent_at.is_some());
    assert_eq!(stored.text_body, mail::FORGOTTEN_BODY);
    assert_eq!(stored.html_body, mail::FORGOTTEN_BODY);
}

#[tokio::test]
async fn without_a_mail_server_the_admins_outbox_shows_the_reset_link_to_deliver_it_by_hand() {
    // Arrange: the development mailbox is the only way the link can reach anyone.
    let app = logged_in_admin().await;
    app.user("ann@example.com", false);
    app.new_browser()
        .post_form("/password/forgot", &[("email", "ann@example.com")])
        .await;
    let id = outbox(&app, "password_reset")[0].id;

    // Act
    let page = app.get_html(&format!("/admin/outbox/{id}")).await;

    // Assert
    assert!(page.contains("/password/reset/"), "{page}");
}
