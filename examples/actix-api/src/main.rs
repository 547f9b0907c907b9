//! `cargo run -p actix-api [-- ADDR]`: the items API on ADDR (default `127.0.0.1:3000`).

use std::net::SocketAddr;

use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() {
    let arg = std::env::args().nth(1);
    let addr: SocketAddr = match arg.as_deref().unwrap_or("127.0.0.1:3000").parse() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("actix-api: the listen address must be IP:PORT ({e})");
            std::process::exit(2);
        }
    };
    let server = match HttpServer::new(|| App::new().configure(actix_api::routes)).bind(addr) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("actix-api: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    println!("actix-api listening on http://{addr}");
    if let Err(e) = server.run().await {
        eprintln!("actix-api: {e}");
        std::process::exit(1);
    }
}
