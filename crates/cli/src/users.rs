//! `chibo user …`: account administration from the server's console. The
//! console is trusted (whoever runs it can read the database file anyway);
//! every change is still written to the audit log as made from the command line.

use chibo_core::Clock;
use chibo_core::access::AdminAccess;
use chibo_core::accounts;
use chibo_core::audit::AuditContext;
use chibo_domain::Message;

use crate::args::UserCommand;
use crate::output::{CliError, Output};

pub async fn run(
    store: &chibo_store::Store,
    command: &UserCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let admin = AdminAccess::command_line();
    let author = AuditContext::command_line();
    match command {
        UserCommand::Add {
            username,
            name,
            role,
            unit,
        } => {
            let password = accounts::create_account(
                store,
                clock,
                &admin,
                &author,
                username,
                name,
                &[(role.role(), unit.clone())],
            )
            .await?;
            if out.json {
                out.print_json(
                    &serde_json::json!({ "username": username, "one_time_password": password }),
                );
            }
            out.say(
                &Message::new("cli-user-added")
                    .arg("username", username.as_str())
                    .arg("password", password),
            );
        }
        UserCommand::List => {
            let list = accounts::list_accounts(store, &admin).await?;
            if out.json {
                out.print_json(&list);
            } else {
                for account in list {
                    let grants: Vec<String> = account
                        .grants
                        .iter()
                        .map(|g| format!("{}@{}", g.role, g.unit))
                        .collect();
                    let state = if account.disabled {
                        out.render(&Message::new("cli-user-disabled"))
                    } else {
                        String::new()
                    };
                    println!(
                        "{}\t{}\t{}\t{}",
                        account.username,
                        account.display_name,
                        grants.join(" "),
                        state
                    );
                }
            }
        }
        UserCommand::ResetPassword { username } => {
            let password =
                accounts::reset_password(store, clock, &admin, &author, username).await?;
            if out.json {
                out.print_json(
                    &serde_json::json!({ "username": username, "one_time_password": password }),
                );
            }
            out.say(
                &Message::new("cli-user-password")
                    .arg("username", username.as_str())
                    .arg("password", password),
            );
        }
        UserCommand::Disable { username } | UserCommand::Enable { username } => {
            let disable = matches!(command, UserCommand::Disable { .. });
            accounts::set_disabled(store, clock, &admin, &author, username, disable).await?;
            if out.json {
                out.print_json(&serde_json::json!({ "username": username, "disabled": disable }));
            }
            out.say(&Message::new("cli-done"));
        }
        UserCommand::Grant {
            username,
            role,
            unit,
        } => {
            accounts::add_grant(store, clock, &admin, &author, username, role.role(), unit).await?;
            if out.json {
                out.print_json(&serde_json::json!({ "ok": true }));
            }
            out.say(&Message::new("cli-done"));
        }
        UserCommand::Token { username, name } => {
            let account = accounts::account(store, &admin, username).await?;
            let actor = chibo_core::access::Actor {
                account_id: account.id,
                username: account.username.clone(),
                display_name: account.display_name.clone(),
                grants: Vec::new(),
                must_change_password: false,
                address: Some("local".to_owned()),
            };
            let token = accounts::create_api_token(store, clock, &actor, name).await?;
            if out.json {
                out.print_json(&serde_json::json!({ "username": username, "token": token }));
            }
            out.say(&Message::new("cli-user-token").arg("token", token));
        }
    }
    Ok(())
}
