//! A one-purpose HTTP/1.1 server on 127.0.0.1 written on plain sockets, for answers no real
//! server gives: a redirect to anywhere, a connection reset in the middle of a body, a body that
//! stalls. It counts the requests whose head it read (each binary uses a part).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// What the server does once it has read a request's head (the body is left unread).
#[derive(Clone, Debug)]
pub enum Behaviour {
    /// Answers with this status, a `Location` header and an empty body.
    Redirect { status: u16, location: String },
    /// Writes a 201 status line, headers announcing a 64-byte JSON body and `sent` of it, then
    /// closes with the rest of the request unread, which makes the kernel reset the connection.
    ResetMidBody { sent: &'static str },
    /// Writes a 201 status line, headers announcing a 64-byte JSON body and `sent` of it, then
    /// holds the connection open without writing anything more.
    StallMidBody { sent: &'static str },
}

pub struct RawServer {
    addr: SocketAddr,
    requests: Arc<AtomicUsize>,
}

impl RawServer {
    /// Starts the server on a thread; it runs until the test process ends.
    pub fn start(behaviour: Behaviour) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (behaviour, counted) = (behaviour.clone(), counted.clone());
                std::thread::spawn(move || serve(stream, &behaviour, &counted));
            }
        });
        RawServer { addr, requests }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many request heads the server read.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

fn serve(mut stream: TcpStream, behaviour: &Behaviour, requests: &AtomicUsize) {
    if !read_head(&mut stream) {
        return;
    }
    requests.fetch_add(1, Ordering::SeqCst);
    match behaviour {
        Behaviour::Redirect { status, location } => {
            let answer = format!(
                "HTTP/1.1 {status} Redirect\r\nLocation: {location}\r\nX-Request-ID: req_redirect\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(answer.as_bytes());
            // Give the client time to read the answer before the unread body resets the socket.
            std::thread::sleep(Duration::from_millis(200));
        }
        Behaviour::ResetMidBody { sent } => {
            let _ = stream.write_all(partial_201(sent).as_bytes());
            std::thread::sleep(Duration::from_millis(100));
        }
        Behaviour::StallMidBody { sent } => {
            let _ = stream.write_all(partial_201(sent).as_bytes());
            std::thread::sleep(Duration::from_secs(30));
        }
    }
}

fn partial_201(sent: &str) -> String {
    format!(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 64\r\nX-Request-ID: req_partial\r\n\r\n{sent}"
    )
}

/// Reads byte by byte up to the blank line that ends the head, leaving any body unread.
fn read_head(stream: &mut TcpStream) -> bool {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return false,
        }
    }
    true
}
