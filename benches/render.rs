//! One report, start to finish and stage by stage: `cargo bench --bench render`.
//!
//! The input is the bundled example (`fixtures/baiyun-zhen.json`) as bytes, so the full
//! render measures everything `gongwen render` does between reading the file and writing
//! the .docx. The stages are timed separately on their own inputs (made once, outside the
//! timed loop). Numbers are in the README's 「性能」 section.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use gongwen::render::{render_bytes, Options};
use gongwen::{answers, docx, passes, template};

const BAIYUN: &[u8] = include_bytes!("../fixtures/baiyun-zhen.json");

fn full_render(c: &mut Criterion) {
    let options = Options::default();
    c.bench_function("render_bytes/baiyun", |b| {
        b.iter(|| render_bytes(black_box(BAIYUN), "baiyun-zhen.json", &options).expect("the example renders"))
    });
}

fn stages(c: &mut Criterion) {
    let options = Options::default();
    let (answers, _) = answers::load(&gongwen::template::default_template(), BAIYUN, "baiyun-zhen.json").expect("the example loads");
    let tpl = template::default_template();
    let context = template::context(&tpl, &answers).expect("the context builds");
    let markup = {
        let hb = handlebars_render(&context);
        hb.expect("the skeleton renders")
    };
    let raw = template::build(&options.template, &answers).expect("the skeleton builds");
    let mut finished = raw.clone();
    passes::run_all(&mut finished);

    let mut g = c.benchmark_group("stage");
    g.bench_function("answers::load", |b| b.iter(|| answers::load(&gongwen::template::default_template(), black_box(BAIYUN), "baiyun-zhen.json").expect("loads")));
    g.bench_function("template::context", |b| b.iter(|| template::context(&tpl, black_box(&answers))));
    g.bench_function("template::render_markup", |b| b.iter(|| handlebars_render(black_box(&context)).expect("renders")));
    g.bench_function("template::read_markup", |b| b.iter(|| template::read_markup(black_box(&markup)).expect("reads")));
    g.bench_function("template::build", |b| b.iter(|| template::build(&options.template, black_box(&answers)).expect("builds")));
    g.bench_function("passes::run_all", |b| {
        b.iter_batched(|| raw.clone(), |mut doc| passes::run_all(&mut doc), criterion::BatchSize::SmallInput)
    });
    g.bench_function("docx::write", |b| b.iter(|| docx::write(black_box(&finished))));
    g.finish();
}

/// The Handlebars output alone, through the same public entry the template uses.
fn handlebars_render(context: &serde_json::Value) -> Result<String, String> {
    template::render_markup(&template::default_template(), context)
}

criterion_group!(benches, full_render, stages);
criterion_main!(benches);
