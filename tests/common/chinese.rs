//! Checks of Chinese text shared by the wording tests.

/// Whether `c` is Chinese: an ideograph, CJK punctuation or a full-width form.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{2fff}'
        | '\u{3000}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}')
}

/// The places in `text` where ASCII punctuation touches a Chinese character.
pub fn ascii_punctuation_in_chinese(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, pair) in chars.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        let ascii = |c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '?' | '!');
        if (ascii(a) && is_cjk(b)) || (is_cjk(a) && ascii(b)) {
            let from = i.saturating_sub(8);
            let to = (i + 10).min(chars.len());
            found.push(chars[from..to].iter().collect());
        }
    }
    found
}
