//! The shared case list (`conneg-testkit`) against the actix-web example, over loopback: the
//! same list the axum example passes.

use std::net::SocketAddr;
use std::sync::mpsc;

use actix_web::{App, HttpServer};

/// Starts the example on a port of its own, on a thread with actix-web's runtime, and
/// returns its address.
fn start() -> SocketAddr {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(|| App::new().configure(actix_api::routes))
                .workers(1)
                .disable_signals()
                .bind("127.0.0.1:0")
                .expect("a loopback port");
            tx.send(server.addrs()[0]).expect("the test waits");
            server.run().await.expect("the server runs");
        });
    });
    rx.recv().expect("the server starts")
}

#[tokio::test]
async fn every_shared_case_passes_on_actix() {
    conneg_testkit::assert_all(start()).await;
}
