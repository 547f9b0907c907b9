//! `cargo run -p axum-site [-- ADDR]`: the site on ADDR (default `127.0.0.1:3000`).

use std::net::SocketAddr;

#[tokio::main]
async fn main() {
    let arg = std::env::args().nth(1);
    let addr: SocketAddr = match arg.as_deref().unwrap_or("127.0.0.1:3000").parse() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("axum-site: the listen address must be IP:PORT ({e})");
            std::process::exit(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("axum-site: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    println!("axum-site listening on http://{addr}");
    if let Err(e) = axum::serve(listener, axum_site::app()).await {
        eprintln!("axum-site: {e}");
        std::process::exit(1);
    }
}
