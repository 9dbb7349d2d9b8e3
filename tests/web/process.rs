//! `ShopProcess`: the real `cartwheel` binary started as a child process, for the tests that
//! must kill it, stop it with a signal or read its log. Everything else uses the in-process
//! app from `helpers`, which is faster.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A fixed 64-byte session key, so that restarts keep sessions (like a real deployment).
pub const SESSION_KEY: &str = "7c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c8d9eafb\
                               0c1d2e3f405162738495a6b7c8d9eafb7c1d2e3f405162738495a6b7c8d9eafb";

/// A running `cartwheel serve`.
pub struct ShopProcess {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    port: u16,
    output: Arc<Mutex<String>>,
}

/// The command for the binary with the test defaults: this database (a `DATABASE_URL`),
/// cheap bcrypt, a fixed key, no demo catalog, a media folder outside the source tree. `env`
/// adds or overrides variables.
pub fn cartwheel(database_url: &str, port: u16, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cartwheel"));
    command
        .args(["--no-demo", "serve"])
        .env("DATABASE_URL", database_url)
        .env("CARTWHEEL_ADDR", format!("127.0.0.1:{port}"))
        .env("CARTWHEEL_SESSION_KEY", SESSION_KEY)
        .env("CARTWHEEL_BCRYPT_COST", "4")
        .env("CARTWHEEL_WORKERS", "2")
        .env("RUST_LOG", "info")
        // These tests upload nothing; keep the (empty) media folder out of the source tree.
        .env(
            "CARTWHEEL_MEDIA_DIR",
            std::env::temp_dir().join("cartwheel-process-tests-media"),
        )
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

impl ShopProcess {
    /// Starts the binary on `database_url` and waits until `/healthz` answers.
    pub async fn start(database_url: &str, env: &[(&str, &str)]) -> ShopProcess {
        let port = free_port();
        let mut child = cartwheel(database_url, port, env)
            .spawn()
            .expect("cartwheel starts");
        let output = Arc::new(Mutex::new(String::new()));
        collect(child.stdout.take(), &output);
        collect(child.stderr.take(), &output);
        let shop = ShopProcess {
            child,
            address: format!("http://127.0.0.1:{port}"),
            port,
            output,
        };
        shop.wait_until_ready().await;
        shop
    }

    async fn wait_until_ready(&self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let health = client.get(format!("{}/healthz", self.address)).send().await;
            if health.is_ok_and(|response| response.status().is_success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("cartwheel did not start:\n{}", self.output());
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Everything it printed so far (standard output and error).
    pub fn output(&self) -> String {
        self.output.lock().expect("log lock").clone()
    }

    /// Kills it at once, like a power cut for the process (SIGKILL).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Asks it to stop (SIGTERM), as a service manager or an orchestrator does.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// Waits up to `limit` for it to exit.
    pub fn wait_for_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for ShopProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Copies a pipe into the shared output, line by line, on its own thread.
fn collect(pipe: Option<impl Read + Send + 'static>, output: &Arc<Mutex<String>>) {
    let Some(pipe) = pipe else { return };
    let output = Arc::clone(output);
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let mut output = output.lock().expect("log lock");
            output.push_str(&line);
            output.push('\n');
        }
    });
}
