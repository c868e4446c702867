//! The real server on port 0 with its own database, spoken to over TCP:
//! sign in through the form, then read the tree.

use crate::common;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn request(address: std::net::SocketAddr, raw: String) -> (u16, String, String) {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(raw.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8(response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_owned(), body.to_owned())
}

async fn get(address: std::net::SocketAddr, path: &str, cookie: &str) -> (u16, String, String) {
    request(
        address,
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"),
    )
    .await
}

fn set_cookie<'a>(head: &'a str, name: &str) -> &'a str {
    head.lines()
        .find_map(|l| {
            let lower = l.to_ascii_lowercase();
            lower
                .starts_with("set-cookie:")
                .then(|| l[11..].trim())
                .filter(|v| v.starts_with(&format!("{name}=")))
        })
        .unwrap_or("")
}

#[tokio::test]
async fn sign_in_over_tcp_then_tree_health_and_assets() {
    for site in common::sites("web_server").await {
        let (tx, rx) = tokio::sync::oneshot::channel();
        tokio::spawn(chibo_web::serve(
            site.state.clone(),
            "127.0.0.1:0".parse().unwrap(),
            move |address| {
                tx.send(address).unwrap();
            },
        ));
        let address = rx.await.unwrap();

        let (status, head, _) = get(address, "/tree", "").await;
        assert_eq!(status, 303);
        assert!(head.contains("location: /login?next=/tree"), "{head}");

        let (status, head, form) = get(address, "/login", "").await;
        assert_eq!(status, 200);
        let login_cookie = set_cookie(&head, "chibo_login");
        assert!(login_cookie.contains("HttpOnly"));
        let token = login_cookie
            .split(';')
            .next()
            .unwrap()
            .trim_start_matches("chibo_login=");
        assert!(
            form.contains(&format!("value=\"{token}\"")),
            "the form carries the token"
        );
        assert!(form.contains("Đăng nhập"));

        let body = format!(
            "csrf={token}&next=%2Ftree&username=staff&password={}",
            common::PASSWORD
        );
        let (status, head, _) = request(
            address,
            format!(
                "POST /login HTTP/1.1\r\nHost: localhost\r\nCookie: chibo_login={token}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        )
        .await;
        assert_eq!(status, 303, "{head}");
        let session = set_cookie(&head, "chibo_session");
        assert!(
            session.contains("HttpOnly") && session.contains("SameSite=Lax"),
            "{session}"
        );
        let cookie = session.split(';').next().unwrap().to_owned();

        let (status, head, body) = get(address, "/tree", &cookie).await;
        assert_eq!(status, 200);
        let lower = head.to_ascii_lowercase();
        assert!(lower.contains("content-security-policy: default-src 'self'; script-src 'self'"));
        assert!(lower.contains("frame-ancestors 'none'"));
        assert!(lower.contains("x-content-type-options: nosniff"));
        assert!(lower.contains("referrer-policy: same-origin"));
        assert!(body.contains("<html lang=\"vi\">"));
        assert!(body.contains("Đảng bộ quận Ninh Kiều"));
        assert!(
            !body.contains("Đảng bộ quận Bình Thủy"),
            "staff of Ninh Kiều see only their subtree"
        );
        assert!(body.contains("value=\"30/06/2024\""), "dates dd/mm/yyyy");
        assert!(!body.contains("<script>"), "no inline scripts");

        let (_, _, english) = get(address, "/tree?lang=en", &cookie).await;
        assert!(english.contains("Party organization tree"));
        let (_, _, searched) = get(address, "/tree?q=an+hoa", &cookie).await;
        assert!(
            searched.contains("Đảng bộ phường An Hòa"),
            "search ignores tone marks"
        );
        assert!(!searched.contains("Khu vực 2"));

        let (status, _, health) = get(address, "/health", "").await;
        assert_eq!(status, 200);
        assert!(health.contains(&format!("\"backend\":\"{}\"", site.test.label)));
        let (status, head, css) = get(address, "/assets/chibo.css", "").await;
        assert_eq!(status, 200);
        assert!(head.to_ascii_lowercase().contains("content-type: text/css"));
        assert!(css.contains("@media print"));
        let (status, _, js) = get(address, "/assets/chibo.js", "").await;
        assert_eq!(status, 200);
        assert!(js.contains("data-confirm"));
        let (status, _, _) = get(address, "/nothing-here", &cookie).await;
        assert_eq!(status, 404);
    }
}
