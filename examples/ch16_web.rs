//! `ch16_web [-p port] [-o dir] <#conns> <hostname> <homepage> <file1> ...`
//! — UNP chapter 16, section 16.5: a web client that fetches the home
//! page, then up to `#conns` files **at once**, each over its own
//! **nonblocking connect**. Each file moves through the states
//! `F_CONNECTING` → `F_READING` → `F_DONE`; one `select` watches every
//! socket — writable: the connect finished (`getsockopt(SO_ERROR)` says
//! how); readable: data, or the end of the file.
//!
//! Run it with any HTTP server; `ch16_httpd` serves a directory on
//! loopback (`-p`: the port, the book's 80 by default; `-o dir`: save
//! each reply, header and body, as `dir/<name with '/' made '_'>`):
//!
//! ```text
//! terminal 1 $ cargo run --example ch16_httpd /tmp/www
//! listening on 127.0.0.1:8080
//!
//! terminal 2 $ cargo run --example ch16_web -- -p 8080 2 127.0.0.1 / /a.txt /b.txt /c.txt
//! nfiles = 3
//! read 37 bytes of home page
//! end-of-file on home page
//! start_connect for /a.txt, fd 3
//! start_connect for /b.txt, fd 4
//! connection established for /a.txt
//! wrote 26 bytes for /a.txt
//! connection established for /b.txt
//! wrote 26 bytes for /b.txt
//! read 4096 bytes from /a.txt
//! …
//! end-of-file on /a.txt
//! start_connect for /c.txt, fd 3
//! …
//! ```
//!
//! Under strace (`cargo build --example ch16_web` first):
//!
//! ```text
//! $ strace -e trace=fcntl,connect,pselect6,getsockopt target/debug/examples/ch16_web -p 8080 2 127.0.0.1 / /a.txt /b.txt
//! fcntl(3, F_GETFL)                       = 0x2 (flags O_RDWR)
//! fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK)    = 0
//! connect(3, {sa_family=AF_INET, sin_port=htons(8080), …}, 16) = -1 EINPROGRESS (Operation now in progress)
//! …
//! pselect6(5, [3 4], [3 4], NULL, NULL, NULL) = 2 (out [3 4])
//! getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
//! ```
//!
//! Bad input: the usage line; a refused connection: `connect: Connection
//! refused (ECONNREFUSED)` (the blocking home page), or `nonblocking
//! connect failed for /a.txt: …`.
//!
//! The lesson: several connections in flight from one process, with no
//! threads — each a small state machine driven by `select`. C twin:
//! `docs/c/ch16_web.c` (the book's web.c, home_page.c, start_connect.c
//! and write_get_cmd.c in one file).
use socklab::*;

const USAGE: &str = "usage: ch16_web [-p port] [-o dir] <#conns> <hostname> <homepage> <file1> ...";
const MAXFILES: usize = 20;

const F_CONNECTING: i32 = 1; // connect() in progress
const F_READING: i32 = 2; // connect() complete; now reading
const F_DONE: i32 = 4; // all done

type Res<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// web.h's `struct file`.
struct File {
    f_name: String,     // filename
    f_host: String,     // hostname or IPv4/IPv6 address
    f_fd: Option<Fd>,   // descriptor
    f_flags: i32,       // F_xxx above
    f_save: Option<Fd>, // -o: the copy
}

/// web.h's globals.
struct Web {
    file: Vec<File>,
    maxfd: i32,
    rset: fd_set,
    wset: fd_set,
    serv: String,
}

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

/// `GET_CMD`: "GET %s HTTP/1.0\r\n\r\n".
fn get_cmd(fname: &str) -> String {
    format!("GET {fname} HTTP/1.0\r\n\r\n")
}

/// home_page.c
fn home_page(host: &str, serv: &str, fname: &str) -> Res<()> {
    let fd = tcp_connect(host, serv)?; // blocking connect()
    writen(&fd, get_cmd(fname).as_bytes())?;
    let mut line = [0u8; MAXLINE];
    loop {
        let n = read(&fd, &mut line)?;
        if n == 0 {
            break; // server closed connection
        }
        printf!("read {n} bytes of home page\n")?;
        // do whatever with data
    }
    printf!("end-of-file on home page\n")?;
    close(fd)?;
    Ok(())
}

impl Web {
    /// write_get_cmd.c
    fn write_get_cmd(&mut self, i: usize) -> Res<()> {
        let f = &mut self.file[i];
        let Some(fd) = f.f_fd.as_ref() else {
            return Ok(());
        };
        let line = get_cmd(&f.f_name);
        writen(fd, line.as_bytes())?;
        printf!("wrote {} bytes for {}\n", line.len(), f.f_name)?;

        f.f_flags = F_READING; // clears F_CONNECTING

        FD_SET(fd, &mut self.rset); // will read server's reply
        self.maxfd = self.maxfd.max(fd.as_raw_fd());
        Ok(())
    }

    /// start_connect.c
    fn start_connect(&mut self, i: usize) -> Res<()> {
        let ais = host_serv(Some(&self.file[i].f_host), Some(&self.serv), 0, SOCK_STREAM)?;
        let Some(ai) = ais.first() else {
            return Err("host_serv: no address".into());
        };
        let Some(addr) = ai.ai_addr.as_ref() else {
            return Err("host_serv: no address".into());
        };

        let fd = socket(ai.ai_family, ai.ai_socktype, ai.ai_protocol)?;
        printf!("start_connect for {}, fd {fd}\n", self.file[i].f_name)?;

        // Set socket nonblocking
        let flags = fcntl(&fd, F_GETFL, 0)?;
        fcntl(&fd, F_SETFL, flags | O_NONBLOCK)?;

        // Initiate nonblocking connect to the server.
        match connect(&fd, addr) {
            Err(e) if e.errno() == Some(Errno::EINPROGRESS) => {
                FD_SET(&fd, &mut self.rset); // select for reading and writing
                FD_SET(&fd, &mut self.wset);
                self.maxfd = self.maxfd.max(fd.as_raw_fd());
                self.file[i].f_flags = F_CONNECTING;
                self.file[i].f_fd = Some(fd);
            }
            Err(e) => return Err(format!("nonblocking connect error: {e}").into()),
            Ok(()) => {
                // connect is already done
                self.file[i].f_fd = Some(fd);
                self.write_get_cmd(i)?; // write() the GET command
            }
        }
        Ok(())
    }
}

/// -o: where the copy of a file goes.
fn open_save(dir: &str, name: &str) -> Res<Fd> {
    let path = format!("{dir}/{}", name.replace('/', "_"));
    Ok(open(&path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)?)
}

/// web.c
fn run() -> Res<()> {
    let args = args()?;
    let mut rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let mut serv = "80".to_string(); // the book's SERV
    let mut savedir: Option<String> = None;
    while let Some(&opt) = rest.first() {
        match opt {
            "-p" | "-o" if rest.len() >= 2 => {
                if opt == "-p" {
                    serv = rest[1].to_string();
                } else {
                    savedir = Some(rest[1].to_string());
                }
                rest.drain(..2);
            }
            _ if opt.starts_with('-') && opt.len() > 1 => return Err(USAGE.into()),
            _ => break,
        }
    }
    if rest.len() < 4 {
        return Err(USAGE.into());
    }
    let maxnconn: usize = rest[0]
        .parse()
        .map_err(|_| format!("#conns must be a number, not {:?}", rest[0]))?;

    let nfiles = (rest.len() - 3).min(MAXFILES);
    let mut web = Web {
        file: Vec::new(),
        maxfd: -1,
        rset: fd_set::default(),
        wset: fd_set::default(),
        serv,
    };
    for name in &rest[3..3 + nfiles] {
        let f_save = match &savedir {
            Some(dir) => Some(open_save(dir, name)?),
            None => None,
        };
        web.file.push(File {
            f_name: name.to_string(),
            f_host: rest[1].to_string(),
            f_fd: None,
            f_flags: 0,
            f_save,
        });
    }
    printf!("nfiles = {nfiles}\n")?;

    home_page(rest[1], &web.serv, rest[2])?;

    let (mut nlefttoread, mut nlefttoconn) = (nfiles, nfiles);
    let mut nconn = 0;
    let mut buf = [0u8; MAXLINE];

    while nlefttoread > 0 {
        while nconn < maxnconn && nlefttoconn > 0 {
            // find a file to read
            let Some(i) = web.file.iter().position(|f| f.f_flags == 0) else {
                return Err(format!("nlefttoconn = {nlefttoconn} but nothing found").into());
            };
            web.start_connect(i)?;
            nconn += 1;
            nlefttoconn -= 1;
        }

        let mut rs = web.rset;
        let mut ws = web.wset;
        select(web.maxfd + 1, Some(&mut rs), Some(&mut ws), None, None)?;

        for i in 0..nfiles {
            let flags = web.file[i].f_flags;
            if flags == 0 || flags & F_DONE != 0 {
                continue;
            }
            let Some(fd) = web.file[i].f_fd.as_ref() else {
                continue;
            };
            if flags & F_CONNECTING != 0 && (FD_ISSET(fd, &rs) || FD_ISSET(fd, &ws)) {
                let error: c_int = getsockopt(fd, SOL_SOCKET, SO_ERROR)?;
                if error != 0 {
                    let e = Error::sys("connect", Errno::from_raw(error));
                    return Err(format!(
                        "nonblocking connect failed for {}: {e}",
                        web.file[i].f_name
                    )
                    .into());
                }
                // connection established
                printf!("connection established for {}\n", web.file[i].f_name)?;
                FD_CLR(fd, &mut web.wset); // no more writeability test
                web.write_get_cmd(i)?; // write() the GET command
            } else if flags & F_READING != 0 && FD_ISSET(fd, &rs) {
                let n = read(fd, &mut buf)?;
                let f = &mut web.file[i];
                if n == 0 {
                    printf!("end-of-file on {}\n", f.f_name)?;
                    if let Some(fd) = f.f_fd.take() {
                        FD_CLR(&fd, &mut web.rset);
                        close(fd)?;
                    }
                    if let Some(save) = f.f_save.take() {
                        close(save)?;
                    }
                    f.f_flags = F_DONE; // clears F_READING
                    nconn -= 1;
                    nlefttoread -= 1;
                } else {
                    printf!("read {n} bytes from {}\n", f.f_name)?;
                    if let Some(save) = &f.f_save {
                        writen(save, &buf[..n])?;
                    }
                }
            }
        }
    }
    exit(0);
}
