//! `chibo user …`: account administration from the server's console. The
//! console is trusted (whoever runs it can read the database file anyway);
//! every change is still written to the audit log as made from the command line.

use chibo_core::Db;
use chibo_core::audit::AuditContext;
use chibo_core::operator::Operator;
use chibo_core::{Clock, accounts, api_tokens, format_instant};
use chibo_domain::Message;

use crate::args::{TokenCommand, UserCommand};
use crate::output::{CliError, Output};

pub async fn run(
    store: &chibo_store::Store,
    command: &UserCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let admin = Operator::command_line().admin();
    let author = AuditContext::command_line();
    match command {
        UserCommand::Add {
            username,
            name,
            role,
            unit,
        } => {
            let password = accounts::create_account(
                &Db::from(store),
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
            let list = accounts::list_accounts(&Db::from(store), &admin).await?;
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
                accounts::reset_password(&Db::from(store), clock, &admin, &author, username)
                    .await?;
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
            accounts::set_disabled(&Db::from(store), clock, &admin, &author, username, disable)
                .await?;
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
            accounts::add_grant(
                &Db::from(store),
                clock,
                &admin,
                &author,
                username,
                role.role(),
                unit,
            )
            .await?;
            if out.json {
                out.print_json(&serde_json::json!({ "ok": true }));
            }
            out.say(&Message::new("cli-done"));
        }
        UserCommand::Token(command) => tokens(store, command, out, clock).await?,
    }
    Ok(())
}

async fn tokens(
    store: &chibo_store::Store,
    command: &TokenCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let admin = Operator::command_line().admin();
    let author = AuditContext::command_line();
    match command {
        TokenCommand::Create {
            username,
            name,
            expires_days,
        } => {
            let token = api_tokens::create_for(
                &Db::from(store),
                clock,
                &admin,
                &author,
                username,
                name,
                *expires_days,
            )
            .await?;
            if out.json {
                out.print_json(&serde_json::json!({ "username": username, "token": token }));
            }
            out.say(&Message::new("cli-user-token").arg("token", token));
        }
        TokenCommand::List { username } => {
            let list = api_tokens::list_for(&Db::from(store), clock, &admin, username).await?;
            if out.json {
                out.print_json(&list);
            } else if list.is_empty() {
                out.say(&Message::new("cli-token-none"));
            } else {
                let unused = out.render(&Message::new("cli-token-unused"));
                let no_expiry = out.render(&Message::new("cli-token-no-expiry"));
                for token in list {
                    let expired = if token.expired {
                        out.render(&Message::new("cli-token-expired"))
                    } else {
                        String::new()
                    };
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        token.id,
                        token.name,
                        format_instant(token.created_at),
                        token
                            .last_used_at
                            .map_or_else(|| unused.clone(), format_instant),
                        token
                            .expires_at
                            .map_or_else(|| no_expiry.clone(), format_instant),
                        expired
                    );
                }
            }
        }
        TokenCommand::Revoke { username, id } => {
            api_tokens::revoke_for(&Db::from(store), clock, &admin, &author, username, *id).await?;
            if out.json {
                out.print_json(&serde_json::json!({ "username": username, "revoked": id }));
            }
            out.say(&Message::new("cli-done"));
        }
    }
    Ok(())
}
