//! Dashboard reads on a streaming replica (PostgreSQL): served by it once a
//! change has replicated, a writer's own change seen at once through the
//! primary, and the lag on /ready and in the metrics. Needs the throwaway
//! server's replica (`CHIBO_TEST_PG_REPLICA=1`); skipped without one unless
//! `CHIBO_REQUIRE_POSTGRES=1`.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use chibo_core::Db;
use chibo_core::replica::ReplicaSettings;
use chibo_testkit::sqlx;
use chibo_testkit::store::Store;

use crate::common::{self, get, held_meeting_fields, post_fields, send, sites};

const WARD: &str = "CT.NK.AH";
const QUERY: &str = "period=2024-Q1&indicator=attendance_rate&level=cells&history=as_it_stood";
const REGULAR: &str = "Chi bộ sinh hoạt thường kỳ hằng tháng";

/// The `chibo_wrote` cookie a response sets.
fn wrote_cookie(answer: &common::Answer) -> String {
    answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("chibo_wrote="))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no chibo_wrote cookie: {:?}", answer.headers))
        .to_owned()
}

/// The ward's share of regular meetings in 2024-Q1, as the overview's key
/// figures download gives it, read with `cookies`.
async fn regular_share(router: &axum::Router, cookies: &str) -> String {
    let path = format!("/units/{WARD}/dashboard/overview.csv?{QUERY}&table=0");
    let request = Request::get(&path)
        .header(header::COOKIE, cookies)
        .body(Body::empty())
        .unwrap();
    let csv = send(router, request).await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    let body = csv.body.trim_start_matches('\u{feff}');
    let row = body
        .lines()
        .find(|l| l.starts_with(REGULAR))
        .unwrap_or_else(|| panic!("{body}"));
    let value = row.split(',').nth(1).unwrap().to_owned();
    assert!(!value.is_empty(), "{body}");
    value
}

/// A meeting held on `day` by the ward's first cell (`KV1`, with its
/// secretary present) or its second (`KV2`, its only member present).
async fn record(
    router: &axum::Router,
    cookie: &str,
    csrf: &str,
    cell: &str,
    day: &str,
) -> common::Answer {
    let present = if cell == "KV1" {
        "DV000001"
    } else {
        "DV000003"
    };
    let mut fields = held_meeting_fields(csrf, day, &[present]);
    if cell == "KV1" {
        fields.push(("att.DV000002".to_owned(), "absent_excused".to_owned()));
        fields.push(("reason.DV000002".to_owned(), "Ốm".to_owned()));
    }
    let path = format!("/units/{WARD}.{cell}/meetings/new");
    let answer = send(router, post_fields(&path, Some(cookie), &fields)).await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    answer
}

/// Waits until the replica has replayed the primary's position `mark`.
async fn replayed(replica: &Store, mark: u64) {
    let started = Instant::now();
    while replica.replay_position().await.unwrap().replayed < mark {
        assert!(started.elapsed() < Duration::from_secs(20), "not replayed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn dashboards_read_the_replica_and_writers_their_own_changes() {
    let Some(site) = sites("web_replica_reads")
        .await
        .into_iter()
        .find(|s| s.test.label == "postgres")
    else {
        eprintln!("skipped: no PostgreSQL test server");
        return;
    };
    let Some(replica_url) = chibo_testkit::postgres_replica_url_of(&site.test.url) else {
        eprintln!("skipped: no replica (CHIBO_TEST_PG_REPLICA=1 starts one)");
        return;
    };
    let replica = site.store().connect_replica(&replica_url).await.unwrap();
    let db = Db::with_replica(
        site.store().clone(),
        replica.clone(),
        ReplicaSettings::default(),
    )
    .await
    .unwrap();
    let state = chibo_web::AppState::new(db, site.clock.clone(), chibo_web::WebConfig::default());
    let router = chibo_web::router(state.clone());
    let (staff, csrf) = site.session("staff").await;
    let (admin, _) = site.session("admin").await;

    // A meeting in January: 1 of 6 cell-months held regularly.
    let saved = record(&router, &staff, &csrf, "KV1", "10/01/2024").await;
    let first: u64 = wrote_cookie(&saved).parse().unwrap();
    replayed(&replica, first).await;
    let replica_reads = "SELECT count(*) FROM pg_stat_activity \
                         WHERE application_name = 'chibo-reads' AND datname = current_database()";
    let superuser = sqlx::PgPool::connect(&replica_url).await.unwrap();
    assert_eq!(
        regular_share(&router, &format!("chibo_session={admin}")).await,
        "16.7"
    );
    let pooled: i64 = sqlx::query_scalar(replica_reads)
        .fetch_one(&superuser)
        .await
        .unwrap();
    assert!(pooled >= 1, "the read pool is connected to the replica");

    // The replica stops replaying: a second meeting, in February, is on the
    // primary only.
    sqlx::query("SELECT pg_wal_replay_pause()")
        .execute(&superuser)
        .await
        .unwrap();
    let saved = record(&router, &staff, &csrf, "KV1", "10/02/2024").await;
    let mark = wrote_cookie(&saved);
    assert!(mark.parse::<u64>().unwrap() > first);
    // Someone else reads the replica: January only, which proves where
    // the read went.
    assert_eq!(
        regular_share(&router, &format!("chibo_session={admin}")).await,
        "16.7"
    );
    // The writer, with the mark of their change, reads the primary.
    assert_eq!(
        regular_share(
            &router,
            &format!("chibo_session={staff}; chibo_wrote={mark}")
        )
        .await,
        "33.3"
    );

    // The lag is reported, and the server stays ready.
    let ready = send(&router, get("/ready", None)).await;
    assert_eq!(ready.status, 200, "{}", ready.body);
    let lag = &ready.json()["replica"];
    assert_eq!(lag["reachable"], true, "{lag}");
    assert_eq!(lag["bypassed"], false, "{lag}");
    assert!(lag["lag_bytes"].as_u64().unwrap() > 0, "{lag}");
    assert_eq!(lag["max_lag_seconds"], 30.0);
    let metrics = chibo_web::metrics::render(&state).await;
    let bytes: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("chibo_replica_lag_bytes "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(bytes > 0.0, "{metrics}");
    assert!(metrics.contains("chibo_replica_bypassed 0"), "{metrics}");

    // Replaying again, the replica serves the February meeting to everyone.
    sqlx::query("SELECT pg_wal_replay_resume()")
        .execute(&superuser)
        .await
        .unwrap();
    replayed(&replica, mark.parse().unwrap()).await;
    // A change elsewhere forgets the remembered figures first.
    let other = record(&router, &staff, &csrf, "KV2", "12/01/2024").await;
    replayed(&replica, wrote_cookie(&other).parse().unwrap()).await;
    let share = regular_share(&router, &format!("chibo_session={admin}")).await;
    let on_primary = regular_share(
        &router,
        &format!("chibo_session={staff}; chibo_wrote=18446744073709551615"),
    )
    .await;
    assert_eq!(share.parse::<f64>().unwrap(), 50.0, "{share} {on_primary}");
    superuser.close().await;
}
