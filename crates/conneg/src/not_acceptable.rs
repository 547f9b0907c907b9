//! 406 Not Acceptable and 415 Unsupported Media Type responses (work in progress).
