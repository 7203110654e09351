// Learning-rate schedules: the learning rate of step t (from 1) is lr · factor(t − 1), as torch
// gives when scheduler.step() follows every optimizer.step(). Powers are exp(y ln x) and cosines
// cos 2π(x/2), with fastmath.wgsl's functions.
//
// Rust twin: `Schedule::lr` in src/model/schedule.rs (same operations, same order).

// One of the SCHEDULE_* codes (Schedule::index, generated from the Rust: src/model/twin.rs).
override SCHEDULE: u32 = SCHEDULE_CONSTANT;

fn fm_pow(x: f32, y: f32) -> f32 {
    return fm_exp(y * fm_ln(x));
}

fn cos_pi(x: f32) -> f32 {
    return fm_sin_cos_turns(x * 0.5).y;
}

// The learning rate of step t for a parameter group whose base rate is `lr`.
fn scheduled_lr(lr: f32, h: Hyper, t: u32) -> f32 {
    let k = f32(t - 1u);
    switch SCHEDULE {
        case SCHEDULE_STEP: {
            return lr * fm_pow(h.gamma, floor(k / h.step_size));
        }
        case SCHEDULE_EXPONENTIAL: {
            return lr * fm_pow(h.gamma, k);
        }
        case SCHEDULE_COSINE: {
            return h.eta_min + (lr - h.eta_min) * (1.0 + cos_pi(k / h.t_max)) * 0.5;
        }
        case SCHEDULE_LINEAR: {
            let done = select(k, h.total_iters, h.total_iters < k) / h.total_iters;
            return lr * (h.start_factor + (h.end_factor - h.start_factor) * done);
        }
        case SCHEDULE_WARMUP_COSINE: {
            let warm = k / max(h.warmup_steps, 1.0);
            let progress = (k - h.warmup_steps) / max(h.total_steps - h.warmup_steps, 1.0);
            let decay = max(0.0, 0.5 * (1.0 + cos_pi(progress)));
            return lr * select(decay, warm, k < h.warmup_steps);
        }
        case SCHEDULE_CONSTANT, default: {
            return lr;
        }
    }
}

// The hyperparameters step t runs with: h with the rates the update rules read (lr_x, lr_y)
// scheduled; lr, the base they follow, is left as it is.
fn scheduled(h: Hyper, t: u32) -> Hyper {
    var s = h;
    s.lr_x = scheduled_lr(h.lr_x, h, t);
    s.lr_y = scheduled_lr(h.lr_y, h, t);
    return s;
}
