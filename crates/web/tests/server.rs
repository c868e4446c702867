//! The real server on port 0 with its own database, spoken to over TCP.

use std::sync::Arc;

use chibo_core::{FixedClock, reference};
use chibo_domain::NaiveDate;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn get(address: std::net::SocketAddr, path: &str) -> (u16, String, String) {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8(response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_owned(), body.to_owned())
}

#[tokio::test]
async fn tree_page_health_and_assets() {
    for t in chibo_testkit::stores("web_tree").await {
        let today: NaiveDate = "2024-06-30".parse().unwrap();
        reference::load(&t.store, &FixedClock(today)).await.unwrap();
        let state = chibo_web::AppState {
            store: t.store.clone(),
            clock: Arc::new(FixedClock(today)),
        };
        let (tx, rx) = tokio::sync::oneshot::channel();
        tokio::spawn(chibo_web::serve(
            state,
            "127.0.0.1:0".parse().unwrap(),
            move |address| {
                tx.send(address).unwrap();
            },
        ));
        let address = rx.await.unwrap();

        let (status, _, body) = get(address, "/tree").await;
        assert_eq!(status, 200, "{}", t.label);
        assert!(body.contains("<html lang=\"vi\">"));
        assert!(body.contains("Cây tổ chức đảng"));
        assert!(body.contains("Đảng bộ quận Ninh Kiều"));
        assert!(
            body.contains("value=\"30/06/2024\""),
            "the date is shown dd/mm/yyyy"
        );
        assert!(body.contains("15 đơn vị"));
        // Siblings in Vietnamese order, case-insensitive: "huyện …" before "Khối …",
        // which byte order would reverse.
        let district = body.find("Đảng bộ huyện Vĩnh Thạnh").unwrap();
        let bloc = body
            .find("Đảng bộ Khối Cơ quan Dân Chính Đảng thành phố")
            .unwrap();
        assert!(district < bloc);

        let (_, _, english) = get(address, "/tree?lang=en").await;
        assert!(english.contains("Party organization tree"));
        let (_, _, empty) = get(address, "/tree?as_of=01/01/2010").await;
        assert!(empty.contains("Chưa có đơn vị nào"));
        let (status, _, wrong) = get(address, "/tree?as_of=hôm-qua").await;
        assert_eq!(status, 200);
        assert!(wrong.contains("không phải là ngày hợp lệ"));

        let (status, _, health) = get(address, "/health").await;
        assert_eq!(status, 200);
        assert!(health.contains(&format!("\"backend\":\"{}\"", t.label)));
        let (status, head, css) = get(address, "/assets/chibo.css").await;
        assert_eq!(status, 200);
        assert!(head.to_ascii_lowercase().contains("content-type: text/css"));
        assert!(css.contains("@media print"));
        let (status, _, _) = get(address, "/nothing-here").await;
        assert_eq!(status, 404);
    }
}
