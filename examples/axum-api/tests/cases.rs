//! The shared case list (`conneg-testkit`) against the axum example, over loopback.

#[tokio::test]
async fn every_shared_case_passes_on_axum() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, axum_api::app()).await.unwrap() });
    conneg_testkit::assert_all(addr).await;
}
