-- The social workers' and supervisors' web page (issue 6): sign-in accounts and the orientation given after each call.

-- password_hash: ASP.NET Core's PasswordHasher format (PBKDF2, salted, versioned); never a password in clear.
create table accounts (
    id            int generated always as identity primary key,
    login         text        not null unique check (length(login) between 1 and 100),
    password_hash text        not null,
    role          text        not null check (role in ('worker', 'supervisor')),
    worker_id     int references workers (id),
    active        boolean     not null default true,
    created_at    timestamptz not null
);

-- One orientation per answered call, given by the worker who took it (the after-call form).
create table wrap_ups (
    call_sid  text primary key,
    worker_id int         not null references workers (id),
    category  text        not null,
    note      text,
    at        timestamptz not null
);
create index wrap_ups_at on wrap_ups (at);

-- ASP.NET Core data-protection keys (they sign the session and antiforgery cookies), shared by every instance and
-- kept across restarts. Readable key material: access to this table is access to sessions, like the database itself.
create table data_protection_keys (
    id            int generated always as identity primary key,
    friendly_name text,
    xml           text        not null,
    created_at    timestamptz not null default now()
);
