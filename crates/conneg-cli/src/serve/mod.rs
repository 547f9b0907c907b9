//! `conneg serve`: a static file server that negotiates like Apache `MultiViews`. The index of
//! variants is built from the file names, and built again only when the directory changes
//! ([`refresh`]); every request is a lookup, the core's selection, and bytes from memory.

pub mod conditional;
pub mod config;
pub mod extensions;
pub mod index;
pub mod page;
pub mod range;
pub mod respond;
pub mod site;
pub mod typemap;

use std::convert::Infallible;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use index::Index;

/// The index being served: each request reads the latest one published.
pub type Live = watch::Receiver<Arc<Index>>;

/// An index that never changes (the built-in demo, tests).
pub fn fixed(index: Index) -> Live {
    watch::channel(Arc::new(index)).1
}

/// Serves the index on `listener` until `shutdown` completes, then lets the open connections
/// finish (up to 10 seconds). Logs one line per request on stdout unless `quiet`.
pub async fn serve(
    listener: TcpListener,
    index: Live,
    quiet: bool,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, say: wait before trying again rather than spin.
                    eprintln!("conneg serve: accept: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Without it, a response written in two pieces waits for the peer's delayed ACK.
        let _ = stream.set_nodelay(true);
        let live = index.clone();
        let service = service_fn(move |request| {
            let index = Arc::clone(&live.borrow());
            async move { Ok::<_, Infallible>(handle(&index, &request, peer, quiet)) }
        });
        let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(std::time::Duration::from_secs(10)) => {}
    }
}

fn handle(
    index: &Index,
    request: &hyper::Request<Incoming>,
    peer: SocketAddr,
    quiet: bool,
) -> hyper::Response<Full<Bytes>> {
    let (response, outcome) = respond::respond(
        index,
        request.method(),
        request.uri().path(),
        request.headers(),
    );
    if !quiet {
        // One line per request: who, what, the status, the bytes, and the outcome of the
        // negotiation (the variant, a fallback, or 406).
        let line = format!(
            "{} [{}] \"{} {} {:?}\" {} {} {}\n",
            peer.ip(),
            httpdate::fmt_http_date(std::time::SystemTime::now()),
            request.method(),
            request.uri().path(),
            request.version(),
            response.status().as_u16(),
            response.body().len(),
            outcome
        );
        let _ = std::io::stdout().lock().write_all(line.as_bytes());
    }
    response.map(Full::new)
}

/// Keeps the index current. Every `every`, `fingerprint` is taken (from metadata alone, see
/// [`site::fingerprint`]); when it differs from `last`, `load` reads the site again and the
/// index it builds is published: the next requests use it (requests in flight finish with the
/// one they started with). When either fails (the directory gone, the settings file broken),
/// the index being served stays, and the error is reported once. Ends when the server is
/// gone.
pub async fn refresh<F, L>(
    every: Duration,
    mut last: u64,
    fingerprint: F,
    load: L,
    publish: watch::Sender<Arc<Index>>,
) where
    F: Fn() -> Result<u64, String> + Send + Sync + 'static,
    L: Fn() -> Result<Index, String> + Send + Sync + 'static,
{
    let fingerprint = Arc::new(fingerprint);
    let load = Arc::new(load);
    let mut failing = false;
    loop {
        tokio::time::sleep(every).await;
        if publish.is_closed() {
            return;
        }
        let (take, read) = (Arc::clone(&fingerprint), Arc::clone(&load));
        // `None`: nothing changed, or the site changed again while it was read (a deploy
        // copying files): a half-changed site is not published, and is read at the next tick.
        let step = tokio::task::spawn_blocking(move || {
            let now = take()?;
            if now == last {
                return Ok(None);
            }
            let index = read()?;
            Ok((take()? == now).then_some((now, index)))
        })
        .await
        .unwrap_or_else(|e| Err(format!("the refresh task failed: {e}")));
        match step {
            Ok(None) => failing = false,
            Ok(Some((now, index))) => {
                for warning in &index.warnings {
                    eprintln!("conneg serve: {warning}");
                }
                eprintln!(
                    "conneg serve: the site changed: {} files, index rebuilt",
                    index.entries.len()
                );
                publish.send_replace(Arc::new(index));
                last = now;
                failing = false;
            }
            Err(why) => {
                if !failing {
                    eprintln!(
                        "conneg serve: cannot refresh the index: {why}; serving the last one"
                    );
                }
                failing = true;
            }
        }
    }
}

/// Resolves when the process gets SIGINT (Ctrl-C) or SIGTERM.
pub async fn signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let Ok(mut terminate) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        else {
            let _ = interrupt.await;
            return;
        };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
