//! `optgrid serve`: a local HTTP server with an embedded page where maps redraw while sliders
//! move and a click races the optimizers from a pixel, plus the JSON API behind it
//! ([`api`]). Synchronous (`tiny_http`): a few request threads share one engine, one
//! computation at a time; a newer request from the same page cancels its older one. Loopback
//! only unless told otherwise; it never reads or writes a path a client names.

pub mod api;

use crate::engine::{self, BackendChoice, Engine};
use crate::error::{Error, Result};
use crate::spec::sweep::Precision;
use std::sync::{Arc, Mutex};

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    pub backend: BackendChoice,
    /// Largest side of a map a request may ask for.
    pub max_res: u32,
    /// Largest step budget a request may ask for.
    pub max_steps: u32,
    /// Request threads (each waits for the engine in turn; the extra ones answer the page,
    /// the catalogue and bad requests while a map computes).
    pub threads: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            host: "127.0.0.1".into(),
            port: 8765,
            backend: BackendChoice::Auto,
            max_res: 1024,
            max_steps: 100_000,
            threads: 4,
        }
    }
}

/// Largest request body: a spec is a few hundred bytes.
pub const MAX_BODY: usize = 1 << 20;

/// A running server.
pub struct Server {
    http: Arc<tiny_http::Server>,
    state: Arc<api::State>,
    /// What the engine note said at start (the backend auto chose, and why), if anything.
    pub note: Option<String>,
    options: ServeOptions,
}

impl Server {
    /// Binds the address and opens the engine; the server answers once [`Server::run`] runs.
    pub fn bind(options: ServeOptions) -> Result<Server> {
        if options.max_res == 0 || options.max_res > crate::spec::sweep::MAX_SIDE {
            return Err(Error::invalid(
                "--max-res",
                options.max_res,
                format!("1 to {}", crate::spec::sweep::MAX_SIDE),
            ));
        }
        if options.max_steps == 0 || options.max_steps > crate::spec::sweep::MAX_STEPS {
            return Err(Error::invalid(
                "--max-steps",
                options.max_steps,
                format!("1 to {}", crate::spec::sweep::MAX_STEPS),
            ));
        }
        let address = format!("{}:{}", options.host, options.port);
        let http = tiny_http::Server::http(&address).map_err(|e| {
            Error::resource(format!("cannot listen on {address} (--host, --port): {e}"))
        })?;
        let (engine, note): (Box<dyn Engine>, _) = engine::open(&options.backend, Precision::F32)?;
        let state = Arc::new(api::State::new(
            Mutex::new(engine),
            options.max_res,
            options.max_steps,
        ));
        Ok(Server {
            http: Arc::new(http),
            state,
            note,
            options,
        })
    }

    /// The address it listens on, as a URL.
    pub fn url(&self) -> String {
        match self.http.server_addr().to_ip() {
            Some(a) => format!("http://{a}/"),
            None => format!("http://{}/", self.options.host),
        }
    }

    /// Whether the host is a loopback address (anyone on the network can use it otherwise).
    pub fn is_loopback(&self) -> bool {
        self.http
            .server_addr()
            .to_ip()
            .is_some_and(|a| a.ip().is_loopback())
    }

    /// Serves until the process ends.
    pub fn run(self) {
        let threads: Vec<_> = (0..self.options.threads.max(1))
            .map(|_| {
                let http = self.http.clone();
                let state = self.state.clone();
                std::thread::spawn(move || {
                    for request in http.incoming_requests() {
                        api::handle(&state, request);
                    }
                })
            })
            .collect();
        for t in threads {
            let _ = t.join();
        }
    }
}
