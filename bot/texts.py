"""Every user-facing sentence, one table per locale (zh default, en by config)."""

from __future__ import annotations

import logging
from types import MappingProxyType

from replies.errors import InputError

logger = logging.getLogger(__name__)

ZH = MappingProxyType(
    {
        "category": "分类",
        "label_sep": "：",  # after a label, before its value
        "tg.why": "依据：最像「{trigger}」",
        "tg.btn.more": "🔁 换一批",
        "tg.btn.channel.comment": "💬 评论区版",
        "tg.btn.channel.dm": "✉️ 私信版",
        "tg.btn.lead": "📝 记线索",
        "tg.btn.category": "🏷 换分类",
        "tg.btn.new": "🆕 新客户",
        "tg.btn.confirm": "✅ 确认登记",
        "tg.btn.cancel": "❌ 取消",
        "tg.btn.prev": "◀ 上一页",
        "tg.btn.next": "下一页 ▶",
        "tg.btn.undo": "↩ 撤销",
        "tg.no_examples": "还没有分类纠正",
        "tg.examples_title": "最近的分类纠正（撤销后所有人的模型都不再学它）",
        "tg.example_removed": "已撤销纠正 #{id}",
        "tg.used": "已标记第 {n} 条为已使用",
        "tg.pick_category": "选择正确的分类：",
        "tg.new_thread": "🆕 已开始新客户：下一条消息不再并入上一位客户",
        "tg.ask.lead.contact": "请发客户的小红书昵称、手机号或微信号（/cancel 取消）",
        "tg.ask.lead.need": "客户的需求是什么？一句话即可（/cancel 取消）",
        "tg.ask.deal.value": "成交金额是多少元？（/cancel 取消）",
        "tg.confirm_lead": "确认登记这条客资？",
        "tg.lead_logged": "✅ 已登记客资 {clue}",
        "tg.cancelled": "已取消，未保存",
        "tg.nothing_to_cancel": "没有进行中的操作",
        "tg.account": "当前账号：{account}。点选切换：",
        "tg.account_set": "已切换到账号 {account}",
        "tg.status_set": "{clue} 状态改为 {status}",
        "tg.deal_set": "{clue} 已成交，金额 {value} 元",
        "tg.note_added": "已为 {clue} 添加备注",
        "tg.usage.lead": "用法：/lead 线索编号",
        "tg.usage.note": "用法：/note 线索编号 备注内容",
        "tg.usage.grant": "用法：/grant 用户ID operator|lead|admin",
        "tg.usage.revoke": "用法：/revoke 用户ID",
        "tg.granted": "已授予 {user} {role} 角色",
        "tg.revoked": "已撤销 {user} 的使用权限",
        "tg.leads_title": "今日客资（第 {page} 页）",
        "tg.found_title": "查找「{query}」的结果",
        "tg.export_caption": "客资表 {day_from} 至 {day_to}，共 {rows} 条",
        "tg.bad_date": "日期「{value}」无效，请写成 YYYY-MM-DD",
        "tg.failed": "出错了，已记录",
        "tg.not_text": "请发送文字消息（贴纸、图片和语音无法识别）",
        "tg.help": (
            "<b>replydesk 回复助手</b>\n"
            "把客户的私信或评论直接发给我（或转发），我会给出分类、依据和三条不重复的建议回复，"
            "点回复即可复制。\n"
            "例：<code>你好，我们公司60人想10月去古北水镇团建两天，人均800左右</code>\n\n"
            "按钮：✅1/2/3 标记已用 · 🔁 换一批 · 💬 评论区版 · 📝 记线索 · 🏷 换分类 · 🆕 新客户\n"
            "同一客户连续发来的消息会并入同一个对话，回复不会重复问已知的信息。\n\n"
            "命令：/account 切换账号 · /new 新客户 · /leads 今日客资 · /lead 编号 查看客资 · "
            "/note 编号 备注 · /find 手机/微信/昵称 · /export [开始] [结束] 导出客资表 · "
            "/cancel 取消当前操作\n"
            "汇总与跟进：/summary [today|yesterday|week|month|日期] [账号] 数据汇总 · "
            "/followups 需要跟进的客户\n"
            "话术库：/propose 提议话术 · /scripts 话术库（组长）· /addscript 新增话术 · "
            "/pending 待审批 · /candidates 候选触发语 · /scriptstats 转化数据 · "
            "/history 编号 · /revert 编号 版本 · /exportscripts · /template；"
            "组长可直接发送 .toml/.csv/.xlsx 文件导入话术"
        ),
        "tg.cmd.start": "开始使用",
        "tg.cmd.help": "使用说明",
        "tg.cmd.account": "切换账号",
        "tg.cmd.new": "开始新客户",
        "tg.cmd.leads": "今日客资",
        "tg.cmd.lead": "查看一条客资",
        "tg.cmd.note": "给客资加备注",
        "tg.cmd.find": "查找客资",
        "tg.cmd.export": "导出客资表",
        "tg.cmd.cancel": "取消当前操作",
        "error.dialogue_moved": "这一步已在别处处理过，请看最新的消息",
        "error.no_token": (
            "没有 Telegram 机器人 token：请设置环境变量 {env} 或配置 [telegram] token"
        ),
        "error.bad_token": (
            "Telegram 机器人 token 看起来是占位符：请在 {env} 或 [telegram] token 填入真实 token"
        ),
        "error.webhook_config": "webhook 模式需要配置 [telegram.webhook] url 和 secret_token",
        "error.token_refused": "Telegram 拒绝了这个机器人 token（{env}）：请检查是否填错",
        "error.bot_api_unreachable": (
            "连不上 Telegram Bot API（{url}）：请检查网络或 [telegram] base_url"
        ),
        "error.already_handled": "这条消息已经处理过",
        "chat.same_customer": "同一客户 · 第{n}条",
        "chat.thread_fields": "该客户累计",
        "chat.no_clipboard": "（这台机器没有剪贴板，请手动复制上面的回复）",
        "chat.new_thread": "已开始新客户：下一条消息不再并入上一位客户",
        "chat.bad_thread": "对话编号应为数字，收到「{value}」",
        "chat.thread_resumed": "已回到客户对话 #{id}（共 {n} 条消息）",
        "chat.thread_reopened": "已回到该客资的客户对话 #{id}",
        "chat.no_threads": "还没有客户对话",
        "chat.thread_has_lead": " · 已登记客资",
        "lead.find_needs_query": "请在 /find 后输入手机号、微信号、昵称或线索编号",
        "unmatched": "未匹配",
        "unmatched_line": "未匹配（话术库里没有相近的问题，先用通用回复问清需求）",
        "error.permission": "{name}（{role}）没有权限执行此操作，需要{needed}及以上角色",
        "error.stranger": (
            "你还不能使用这个助手。你的 Telegram 用户 ID 是 {user_id}，请发给管理员开通。"
        ),
        "error.revoke_listed": "{user} 写在配置文件 [access] 里，请从配置中删除后再撤销",
        "error.revoke_unknown": "{user} 没有任何角色，无需撤销",
        "error.need_contact": "客资至少需要小红书昵称、手机或微信号之一",
        "error.bad_phone": "手机号「{value}」不是 11 位大陆手机号（1 开头，第二位 3–9）",
        "error.bad_status": (
            "不认识的状态「{value}」，可用：新线索 已联系 待回复 已成交 已流失 无效"
        ),
        "error.find_needs_query": "请输入要查找的手机号、微信号、昵称或线索编号",
        "error.no_thread": "没有编号为 {thread} 的客户对话",
        "error.unknown_account": "没有账号「{account}」（已配置：{known}）",
        "error.lead": "没有线索编号为 {clue} 的客资",
        "error.inquiry": "没有编号为 {id} 的咨询",
        "error.example": "没有编号为 {id} 的样例（或已撤销）",
        "error.script": "没有编号为 {id} 的话术",
        "error.script_version": "话术 {id} 没有第 {version} 版",
        "error.script_conflict": (
            "话术 {id} 在你打开的第 {version} 版之后已被 {who} 于 {when} 改为第 {current} 版"
            "（改了：{fields}），你的修改未保存：请先查看最新版本"
        ),
        "error.stale_script": "话术 {id} 已被改为第 {current} 版，你的修改未保存",
        "error.script_active": "话术 {id} 本来就在使用中",
        "error.script_retired": "话术 {id} 已经停用",
        "error.script_file": "{file} 有 {count} 处问题，整个文件未采用，数据库未改动：",
        "error.script_format": "{file}：只能导入 .toml、.csv 或 .xlsx 文件",
        "error.script_missing": "找不到文件 {file}",
        "error.db_unsupported": (
            "不支持数据库 {url}：[database] url 请用 sqlite:/// 或 postgresql://"
        ),
        "error.db_bad_url": (
            "[database] url 不是有效的数据库地址（应以 sqlite:/// 或 postgresql:// 开头）"
        ),
        "error.library_field": "话术 {id} 的 {field}：{detail}，未保存",
        "problem.in_cell": "单元格第 {item} 行{reason}",
        "problem.id": "id 只能用小写字母、数字、- 或 _（最多 64 个）",
        "problem.unknown_field": "不是话术的字段",
        "problem.category": "应为分类 id，如 price 或 first_inquiry",
        "problem.channel": "应为 dm、comment 或 both",
        "problem.synonym_close": "有「}}」却没有对应的「{{」",
        "problem.synonym_nested": "同义词组里套了另一组（{{a|{{b|c}}}}）",
        "problem.synonym_open": "有「{{」没有闭合",
        "problem.synonym_single": "「{{{group}}}」：同义词组至少要两个选项，用 | 分开",
        "problem.synonym_empty": "「{{{group}}}」里有空的选项",
        "problem.template": (
            "不是有效的模板（请检查 {{{{ }}}} 与 {{% %}} 是否成对、拼写是否正确）"
        ),
        "problem.strings": "应为文字列表",
        "problem.empty_strings": "不能有空的条目",
        "problem.min_variants": "至少要 {minimum} 条（现在 {count} 条）",
        "problem.accounts": "应为 all 或账号代码列表",
        "problem.account_code": "账号代码「{value}」无效",
        "problem.comment_unsafe": "含有「{word}」，评论区不能用（评论会被隐藏或限流）",
        "problem.duplicate_id": "「{id}」与第 {first} 行重复",
        "problem.no_scripts": "文件里没有话术",
        "problem.toml_syntax": "TOML 格式有误",
        "problem.toml_only_scripts": "话术文件只能包含 [[script]] 表",
        "problem.binary": "这是二进制文件，不是文本：请另存为 UTF-8 文本",
        "problem.not_utf8": "不是 UTF-8 文本：请另存为 UTF-8",
        "problem.gbk": "像是 GBK 编码（Excel 的中文 CSV）：请另存为「CSV UTF-8」",
        "problem.cells": "这一行有 {cells} 个单元格，表头只有 {header} 列",
        "problem.column_missing": "缺少必填的列",
        "problem.column_unknown": "未知的列（列名应为话术库的字段名）",
        "problem.not_xlsx": "不是 xlsx 工作簿（请用 Excel 或 WPS 另存为 .xlsx）",
        "problem.xlsx_unreadable": "工作簿无法读取（文件可能已损坏）",
        "problem.formula": "单元格 {cell} 是公式：请直接填写内容",
        "problem.sheet_empty": "第一个工作表是空的",
        "problem.right_of_last": "最后一列的右边还有内容",
        "error.script_unknown_category": (
            "没有分类「{value}」（话术 {scripts}），未保存：可用 {allowed}；"
            "新分类请管理员先用 scripts category-add 添加"
        ),
        "error.config_not_found": "找不到配置文件 {file}",
        "error.config_unreadable": "无法读取配置文件 {file}（不存在或没有权限）",
        "error.config_not_utf8": "配置文件 {file} 不是 UTF-8 编码，请另存为 UTF-8",
        "error.config_syntax": "配置文件 {file} 第 {line} 行第 {column} 列：TOML 格式有误",
        "error.config_unknown_key": "配置文件 {file}：没有 {where} 这一项（拼写有误？）",
        "error.config_default_account": (
            "配置文件 {file}：default_account「{value}」不在 [[accounts]] 里"
        ),
        "error.config_ids": "配置文件 {file}：{where} 应为 Telegram id 列表（整数）",
        "error.config_type_float": "配置文件 {file}：{where} 应为数字，现在是 {value}",
        "error.config_type_int": "配置文件 {file}：{where} 应为整数，现在是 {value}",
        "error.config_type_bool": "配置文件 {file}：{where} 应为 true 或 false，现在是 {value}",
        "error.config_type_str": "配置文件 {file}：{where} 应为带引号的文字，现在是 {value}",
        "error.config_type_list": "配置文件 {file}：{where} 应为列表 [...]，现在是 {value}",
        "error.config_strings": "配置文件 {file}：{where} 应为文字列表",
        "error.config_table": "配置文件 {file}：{where} 应为一节配置（表）",
        "error.config_between": (
            "配置文件 {file}：{where} 应在 {low} 到 {high} 之间，现在是 {value}"
        ),
        "error.config_clock": "配置文件 {file}：{where} 应为 24 小时制时间 HH:MM，现在是 {value}",
        "error.config_weekly": (
            "配置文件 {file}：{where} 应为星期几（Mon…Sun）加时间 HH:MM，现在是 {value}"
        ),
        "error.config_quiet": (
            "配置文件 {file}：{where} 应为时间段 HH:MM-HH:MM（留空表示没有），现在是 {value}"
        ),
        "error.config_accounts": "配置文件 {file}：accounts 应为一个或多个 [[accounts]]",
        "error.config_account_code": '配置文件 {file}：第 {n} 个账号缺少 code（如 "TJ"）',
        "error.config_account_code_chars": (
            "配置文件 {file}：{where}「{value}」应为 1–12 个字母或数字"
        ),
        "error.config_accounts_twice": "配置文件 {file}：accounts 里有重复的账号代码",
        "error.config_choice": "配置文件 {file}：{where} 应为 {allowed} 之一，现在是 {value}",
        "error.config_timezone": "配置文件 {file}：没有时区「{value}」（例如 Asia/Shanghai）",
        "error.config_clue_format": (
            "配置文件 {file}：线索编号格式「{value}」无效："
            "{{account}}、{{date}}、{{seq}} 必须各用一次，不能有其他占位符，"
            "宽度不能过大，生成的编号最长 64 个字符"
        ),
        "error.labelled_unreadable": "无法读取文件 {file}（不存在或没有权限）",
        "error.labelled_not_utf8": "{file} 第 {line} 行：不是 UTF-8 编码，整个文件未采用",
        "error.labelled_gbk": (
            "{file} 第 {line} 行：文件像是 GBK 编码，请另存为 UTF-8，整个文件未采用"
        ),
        "error.labelled_missing_column": "{file} 第 1 行：表头缺少「{column}」列，整个文件未采用",
        "error.labelled_duplicate": "{file} 第 {line} 行：与第 {first} 行重复，整个文件未采用",
        "error.labelled_empty_text": "{file} 第 {line} 行：text 为空，整个文件未采用",
        "error.labelled_empty_category": "{file} 第 {line} 行：category 为空，整个文件未采用",
        "error.labelled_unknown_category": (
            "{file} 第 {line} 行：没有分类「{value}」（可用：{allowed}），整个文件未采用"
        ),
        "error.labelled_unknown_account": (
            "{file}：没有账号「{value}」（已配置：{known}），整个文件未采用"
        ),
        "error.script_too_big": "{file} 超过 {limit}，未读取",
        "scripts.problem": "  第 {row} 行 · {column} 列：{reason}",
        "scripts.more_problems": "  ……另有 {n} 处问题",
        "scripts.preview": "新增 {added} · 修改 {changed} · 停用 {retired} · 不变 {unchanged}",
        "scripts.preview.added": "  + 新增：{ids}",
        "scripts.preview.changed": "  ~ 修改：{ids}",
        "scripts.preview.retired": "  - 停用：{ids}",
        "scripts.nothing": "文件与数据库中的话术库相同，无需导入",
        "scripts.ask": "应用？[y/N] ",
        "scripts.applied": "已导入：所有进程下一条咨询起使用新话术库",
        "scripts.not_applied": "已取消，数据库未改动",
        "scripts.exported": "已导出 {path}（{rows} 条话术）",
        "scripts.status.active": "使用中",
        "scripts.status.retired": "已停用",
        "scripts.saved": "话术 {id} 已保存为第 {version} 版",
        "scripts.history": "第 {version} 版\t{when}\t{who}\t{status}",
        "scripts.nobody": "（从文件导入）",
        "error.bad_category": "不认识的分类「{value}」，可用：{labels}",
        "error.suggestion": "没有编号为 {id} 的建议回复",
        "error.other": "操作失败（加 -v 查看详情）",
        "error.bad_deal_value": "成交金额应为非负整数，收到「{value}」",
        "error.empty_note": "备注不能为空",
        "error.bad_source": "来源「{value}」无效，可用：{allowed}",
        "error.bad_channel": "渠道「{value}」无效，可用：{allowed}",
        "error.bad_role": "角色「{value}」无效，可用：{allowed}",
        "error.too_long": "{field} 有 {length} 个字，超过上限 {limit}",
        "error.out_of_range": "{field} 超出范围：{value}",
        "role.operator": "运营",
        "role.lead": "组长",
        "role.admin": "管理员",
        "confidence": "匹配度",
        "not_sure": "不太确定，可能是：",
        "why": "依据",
        "matched_trigger": "最像示例「{trigger}」，回复用话术 {script}",
        "shared_words": "共同词：{words}",
        "alternatives": "其他可能",
        "suggestions": "建议回复",
        "no_suggestions": "（这个分类没有可用话术）",
        "safe_version": "评论区安全版",
        "safety_hits": "引流风险",
        "fields": "提取信息",
        "no_fields": "（未提取到）",
        "field.city": "城市",
        "field.headcount": "人数",
        "field.budget_per_head": "人均预算",
        "field.budget_total": "总预算",
        "field.month": "月份",
        "field.phone": "手机",
        "field.wechat": "微信",
        "severity.block": "必改",
        "severity.warn": "注意",
        "error": "出错了：{message}",
        "error.DatabaseUnavailable": "数据库不可用",
        "input.empty": "消息是空的：请粘贴客户的原话",
        "input.no_inquiry": (
            '请给出客户的消息：replydesk match "消息"，或用 --json 从标准输入逐行读取'
        ),
        "input.too_long": "消息有 {length} 个字，超过上限 {limit}：请只粘贴客户的那段话",
        "input.line_too_long": "这一行有 {length} 个字，超过上限 {limit}",
        "input.bad_utf8": "这一行不是有效的 UTF-8 文本（第 {position} 个字节 {byte} 有误），已跳过",
        "input.bad_argument": "参数 {argument} 不是有效的 UTF-8（字节 {byte}）：请检查终端编码",
        "error.DatabaseFull": "数据库已满（磁盘空间不足或达到大小上限）",
        "error.DatabaseCorrupt": "数据库文件已损坏",
        "error.schema_incomplete": (
            "数据库 {url} 标明版本 {revision}，却缺少数据表 {tables}：请恢复备份，或换一个数据库"
        ),
        "error.SchemaTooNew": "数据库版本比本程序新",
        "error.NotFound": "没有找到",
        "error.InvalidValue": "输入有误",
        "error.ClueFormatError": "线索编号格式有误",
        "repeat_warning": "⚠ 这句话今天在本账号已用过 {count} 次，平台可能判定重复营销",
        "chat.welcome": "replydesk 回复助手 · 账号 {account} · 渠道 {channel} · /help 查看命令",
        "chat.pick_account": "选择账号（{choices}）[{default}]：",
        "chat.prompt": "[{account}·{channel}] 粘贴客户消息> ",
        "chat.help": (
            "粘贴客户私信或评论即可获得建议回复。\n"
            "  1/2/3        标记该条回复已使用（并复制到剪贴板）\n"
            "  n            换三条新说法\n"
            "  c            切换私信/评论渠道\n"
            "  /lead        用上一条咨询登记客资\n"
            "  /lead 编号   查看一条客资，可改状态或加备注\n"
            "  /leads       今天的客资\n"
            "  /find 关键词 按手机、微信号、昵称或线索编号查找客资\n"
            "  /new         开始新客户（下一条消息不再并入当前客户）\n"
            "  /thread      最近的客户对话；/thread 编号 回到该客户\n"
            "  /cat 分类    上一条分类不对：改为该分类（名称或 id），所有人下一条起生效\n"
            "  /examples    最近的纠正；/examples undo 编号 撤销一条（组长）\n"
            "  /today       今日各分类咨询数与客资数\n"
            "  /followups   需要跟进的客户；/followups sent 对话编号 等标记处理结果\n"
            "  /account TJ  切换账号\n"
            "  /quit        退出（Ctrl-D 同样）"
        ),
        "chat.bye": "再见！",
        "chat.cancelled": "已取消",
        "chat.used": "已标记第 {n} 条为已使用{copied}",
        "chat.copied": "，已复制到剪贴板",
        "chat.no_inquiry": "还没有咨询：先粘贴一条客户消息",
        "chat.no_such_reply": "没有第 {n} 条建议",
        "chat.channel": "已切换到{channel}渠道",
        "chat.channel.dm": "私信",
        "chat.channel.comment": "评论区",
        "chat.account": "已切换到账号 {account}",
        "chat.unknown_command": "不认识的命令 {command}，输入 /help 查看",
        "lead.ask": "{label}{current}：",
        "lead.need_contact": "客资至少需要小红书昵称、手机或微信之一",
        "permission.denied": "{name}（{role}）没有权限执行此操作，需要{needed}及以上角色",
        "lead.confirm": "确认登记？[Y/n] ",
        "lead.cancelled": "已取消，未登记",
        "lead.logged": "已登记客资 {clue}",
        "lead.duplicate": "⚠ 可能重复：与 {clues} 的联系方式或昵称相同",
        "lead.none": "今天还没有客资",
        "lead.not_found": "没有找到 {query}",
        "lead.edit": "改状态（{statuses}）或直接输入备注，回车跳过：",
        "lead.status_set": "{clue} 状态改为 {status}",
        "lead.note_added": "已为 {clue} 添加备注",
        "lead.invalid_category": "这条咨询是无效咨询，一般不登记客资；仍要登记请再输入 /lead!",
        "today.title": "{day} 今日统计",
        "today.categories": "咨询分类",
        "today.leads": "客资数",
        "col.date": "日期",
        "col.account": "账号",
        "col.red_nickname": "小红书昵称",
        "col.need": "客户需求",
        "col.city": "城市",
        "col.wechat": "微信号",
        "col.clue_number": "线索编号",
        "col.notes": "备注",
        "col.phone": "手机",
        "col.status": "状态",
        "col.headcount": "人数",
        "col.budget_per_head": "人均预算",
        "col.budget_total": "总预算",
        "col.month": "月份",
        "col.source": "来源",
        "col.deal_value": "成交金额",
        "col.operator": "登记人",
        "col.created_at": "登记时间",
        "col.script_id": "话术",
        "status.new": "新线索",
        "status.contacted": "已联系",
        "status.awaiting_reply": "待回复",
        "status.won": "已成交",
        "status.lost": "已流失",
        "status.invalid": "无效",
        "source.dm": "私信",
        "source.comment": "评论区",
        "source.outreach": "主动联系",
        "event.created": "登记",
        "event.status": "改状态",
        "event.note": "备注",
        "event.edit": "修改",
        "lead.history": "历史",
        "lead.none_in_range": "这段时间没有客资",
        "cli.bad_number": "{flag} 应为整数（{allowed}），收到「{value}」",
        "lead.bad_phone": "手机号「{value}」不是 11 位大陆手机号（1 开头，第二位 3–9）",
        "cli.bad_date": "{flag} 的日期「{value}」无效，请写成 YYYY-MM-DD",
        "cli.bad_range": "--from {day_from} 晚于 --to {day_to}",
        "export.done": "{path}（{rows} 条客资）",
        "export.bad_format": "不支持的导出格式「{format}」，请用 xlsx 或 csv（--format）",
        "export.cannot_write": "无法写入 {path}（系统错误 {reason}）",
        "export.no_folder": "无法写入 {path}：文件夹不存在",
        "export.denied": "无法写入 {path}：没有写入权限",
        "export.full": "无法写入 {path}：磁盘空间不足",
        "export.is_folder": "无法写入 {path}：这是一个文件夹，请给出文件名",
        "examples.corrected": "已改为「{category}」并记为样例 #{id}：所有人下一条起生效",
        "examples.cat_needs_category": "请在 /cat 后写分类，可用：{labels}",
        "examples.none": "还没有样例",
        "examples.removed": "已撤销样例 #{id}（{category}）：所有人下一条起不再生效",
        "examples.bad_id": "样例编号应为数字，收到「{value}」",
        "examples.flag": "⚠ 与「{categories}」的示例相同",
        "examples.counts": "各分类样例数：",
        "examples.imported": "已导入 {n} 条样例（{skipped} 条已有，跳过）",
        "examples.exported": "{path}（{rows} 条样例）",
        "source.correction": "纠正",
        "source.import": "导入",
        # jobs: scheduled summaries, exactly-once sends, re-activation follow-ups
        "jobs.late": "⏰ 补发：本应于 {at} 发送（当时没有机器人在运行）",
        "jobs.status.none": "还没有定时发送记录",
        "jobs.status.title": "最近的定时发送（{n} 条）：",
        "jobs.status.row": "{when} · {job} {period} → {chat} · {state}{late}{error}",
        "jobs.status.late": " · 补发",
        "jobs.job.daily": "日报",
        "jobs.job.weekly": "周报",
        "jobs.job.monthly": "月报",
        "jobs.job.followup": "跟进提醒",
        "jobs.job.proposal": "提议通知",
        "jobs.state.claimed": "待发送",
        "jobs.state.sending": "发送中",
        "jobs.state.sent": "已发送",
        "jobs.state.failed": "失败",
        "jobs.state.uncertain": "不确定是否送达（不会重发）",
        "fu.none": "现在没有需要跟进的客户",
        "fu.title": "需要跟进的客户（{n} 位）：",
        "fu.head": "⏰ 跟进提醒 · {account} · 对话 #{thread}{clue}",
        "fu.clue": " · 线索 {clue}",
        "fu.where": "客户情况：{situation} · 第 {round}/{rounds} 轮 · {due} 起到期",
        "fu.suggest": "可以这样说：",
        "fu.situation.asked_ours": "要了我们的联系方式",
        "fu.situation.kept_asking": "一直在问、没留联系方式",
        "fu.situation.hesitating": "在犹豫",
        "fu.situation.silent": "没有回复",
        "fu.btn.sent": "✅ 已发送",
        "fu.btn.replied": "💬 客户回复了",
        "fu.btn.won": "🏆 成交",
        "fu.btn.lost": "❌ 流失",
        "fu.btn.snooze": "⏸ 24小时后再提醒",
        "fu.btn.reopen": "🔄 重新跟进",
        "fu.done.sent": "已记录发送（第 {round}/{rounds} 轮），{due} 再提醒",
        "fu.done.cold": "已发送最后一轮：对话 #{thread} 标记为已沉寂，可以重新跟进",
        "fu.done.replied": "客户回复了：对话 #{thread} 恢复为当前客户，粘贴客户的新消息即可",
        "fu.done.won": "对话 #{thread} 已成交",
        "fu.done.lost": "对话 #{thread} 已流失",
        "fu.done.snooze": "好的，{due} 再提醒",
        "fu.done.reopen": "对话 #{thread} 重新开始跟进",
        "fu.chat_start": "有 {n} 位客户需要跟进：输入 /followups 查看",
        "fu.cli_hint": (
            "标记：replydesk followups（或 /followups）sent|replied|won|lost|snooze|reopen 对话编号"
        ),
        "error.fu_needs_thread": "请在操作后写对话编号，例如 sent 12",
        "error.fu_moved": "对话 #{thread} 的跟进已在别处处理过，请看最新的提醒",
        "error.fu_action": "不认识的跟进操作「{value}」：sent、replied、won、lost、snooze、reopen",
        "tg.cmd.followups": "需要跟进的客户",
        # proposals, approval queue, candidate triggers, custom categories (issue 9)
        "tg.cmd.propose": "提议话术、变体或触发语",
        "tg.cmd.pending": "待审批的提议",
        "tg.cmd.candidates": "候选触发语",
        "error.proposal": "没有编号为 #{id} 的提议",
        "error.proposal_kind": (
            "提议类型应为 script（新话术）、variant（回复变体）或 "
            "trigger（触发语），收到「{value}」"
        ),
        "error.proposal_empty": "没有提议内容：至少写一条",
        "error.proposal_needs_script": "请写明给哪条话术（--script 话术编号）",
        "error.proposal_needs_category": "新话术需要分类（--category）",
        "error.proposal_nothing_new": "这些内容话术 {id} 里都已经有了",
        "error.proposal_script_exists": (
            "话术 {id} 已经存在，这条新话术提议无法照原样通过：可以拒绝，再改提变体或触发语"
        ),
        "error.proposal_approved": "提议 #{id} 已被 {who} 批准，没有重复执行",
        "error.proposal_rejected": "提议 #{id} 已被 {who} 拒绝",
        "error.proposal_few_triggers": "新话术至少需要 {n} 条触发语，每行一条",
        "error.proposal_press_button": "请点上面的按钮选择",
        "error.proposal_few_replies": "新话术至少需要 {n} 条回复，每行一条",
        "error.proposal_id_taken": "已有编号为 {id} 的话术：换一个编号，或改提它的变体、触发语",
        "error.promote_removed": "样例 #{id} 已撤销，不能再加为触发语",
        "error.promote_no_script": "分类 {category} 还没有能用的话术，无法加为触发语",
        "error.promote_other_category": "话术 {id} 不属于分类 {category}",
        "error.promote_known": "这句话已经是话术 {id} 的触发语",
        "error.category_bad_id": (
            "分类编号「{value}」无效：小写字母开头，只用小写字母、数字和下划线，最多 40 个"
        ),
        "error.category_builtin": "{id} 是内置分类",
        "error.category_exists": "分类 {id} 已经存在",
        "error.category_no_label": "分类 {id} 需要中文标签",
        "error.category_long_label": "标签最多 {limit} 个字",
        "error.category_label_taken": "标签「{label}」已被别的分类使用",
        "proposals.kind.script": "新话术",
        "proposals.kind.variant": "回复变体",
        "proposals.kind.trigger": "触发语",
        "proposals.proposed": "已提交提议 #{id}（{kind}，话术 {script}），等待组长审批",
        "proposals.none": "没有待审批的提议",
        "proposals.approved": "已批准提议 #{id}：话术 {script} 现为第 {version} 版",
        "proposals.rejected": "已拒绝提议 #{id}",
        "proposals.by": "提议人：{who} · {when}",
        "proposals.base": "提议时话术为第 {version} 版",
        "proposals.triggers": "触发语",
        "proposals.replies": "回复",
        "candidates.none": "没有候选触发语",
        "candidates.promoted": "已把「{text}」加为话术 {script} 的触发语（第 {version} 版）",
        "candidates.no_script": "（该分类没有话术）",
        "categories.added": "已新增分类 {id}（{label}）",
        "tg.ask.propose.kind": "要提议什么？（/cancel 取消）",
        "tg.ask.propose.script": "给哪条话术？请发话术编号（/cancel 取消）",
        "tg.ask.propose.category": "新话术属于哪个分类？请发分类名：{labels}（/cancel 取消）",
        "tg.ask.propose.triggers": "客户会怎么问？每行一句，至少 3 句（/cancel 取消）",
        "tg.ask.propose.texts.script": "回复怎么写？每行一条，至少 3 条（/cancel 取消）",
        "tg.ask.propose.texts.variant": "新的回复写法，每行一条（/cancel 取消）",
        "tg.ask.propose.texts.trigger": "新的客户说法（触发语），每行一句（/cancel 取消）",
        "tg.ask.reject.reason": (
            "拒绝提议 #{id}：理由是什么？发一句话，或点「不写理由」（/cancel 取消）"
        ),
        "tg.btn.kind.script": "📄 新话术",
        "tg.btn.kind.variant": "💬 回复变体",
        "tg.btn.kind.trigger": "🔑 触发语",
        "tg.btn.submit": "📨 提交审批",
        "tg.btn.approve": "✅ 批准",
        "tg.btn.reject": "❌ 拒绝",
        "tg.btn.no_reason": "不写理由",
        "tg.btn.promote": "➕ #{id} → {script}",
        "tg.btn.pick": "📂 #{id} 选话术",
        "tg.confirm_proposal": "提交这条提议？",
        "tg.proposal_title": "提议 #{id} · {kind} · {script}",
        "tg.proposed": "📨 已提交提议 #{id}，已通知 {n} 位组长/管理员",
        "tg.pending_title": "待审批的提议（{n}）",
        "tg.approved": "✅ 提议 #{id} 已批准：话术 {script} 第 {version} 版",
        "tg.rejected": "❌ 提议 #{id} 已拒绝",
        "tg.reason": "理由：{reason}",
        "tg.your_approved": "✅ 你的提议 #{id}（{script}）已被 {who} 批准",
        "tg.your_rejected": "❌ 你的提议 #{id}（{script}）未通过（{who}）",
        "tg.candidates_title": "候选触发语：操作员纠正过、还不是该分类触发语的说法",
        "tg.pick_script": "把 #{id} 加到哪条话术？",
        "tg.usage.addcategory": "用法：/addcategory 分类编号 中文标签，例如 /addcategory visa 签证",
        "tg.usage.propose": "用法：/propose [script|variant|trigger] [话术编号]",
        # --- scripts in chat and terminal: editing, uploads, exports (issue 9, tgscripts) ---
        "error.script_exists": "话术 {id} 已存在，请换一个编号",
        "error.script_created": "话术 {id} 在预览之后已被 {who} 于 {when} 新建，整个文件未采用",
        "error.bad_variant": "「{value}」不是 1–{count} 之间的编号",
        "error.bad_trigger": "「{value}」不是 1–{count} 之间的编号",
        "error.no_trigger": "没有触发语「{value}」，请发原文或编号",
        "error.few_lines": "至少需要 {need} 行（收到 {got} 行），每行一条",
        "error.bad_edit": "不认识的修改「{value}」",
        "error.script_edit_args": (
            "scripts edit 需要至少一个修改（--add-variant、--set-variant 等）"
        ),
        "error.script_from": "{file} 应只含一条话术（含 {count} 条）",
        "tg.cmd.scripts": "话术库（团队负责人）",
        "tg.cmd.addscript": "新建话术",
        "tg.cmd.history": "话术的历史版本",
        "tg.cmd.revert": "恢复话术的旧版本",
        "tg.cmd.exportscripts": "导出话术库文件",
        "tg.cmd.template": "话术导入模板",
        "tg.scripts_title": "话术库：选择分类",
        "tg.scripts_in": "{category}：{n} 条话术",
        "tg.no_scripts": "这个分类还没有话术",
        "tg.script.head": "{id} · 第 {version} 版 · {status}",
        "tg.script.where": "分类：{category} · 渠道：{channel} · 账号：{accounts}",
        "tg.script.triggers": "触发语（{n}）",
        "tg.script.variants": "回复（{n}）",
        "tg.script.hooks": "钩子：{hooks}",
        "tg.script.usage": "近 30 天：推荐 {suggested} 次 · 采用 {used} 次",
        "tg.btn.add_variant": "➕ 加回复",
        "tg.btn.edit_variant": "✏️ 改回复",
        "tg.btn.add_trigger": "➕ 加触发语",
        "tg.btn.remove_trigger": "➖ 删触发语",
        "tg.btn.retire": "⏸ 停用",
        "tg.btn.restore": "▶️ 恢复",
        "tg.btn.save": "💾 保存",
        "tg.btn.apply": "✅ 确认导入",
        "tg.ask.addscript.category": "新话术属于哪个分类？点按钮或发分类名（/cancel 取消）",
        "tg.ask.addscript.triggers": "发客户常见的说法，每行一条，至少 3 条（/cancel 取消）",
        "tg.ask.addscript.variants": "发回复话术，每行一条，至少 3 条（可用 {{{{ hook }}}} 变量）",
        "tg.ask.addscript.hook": "发钩子（客户留资后得到的资料），每行一个；没有就发 -",
        "tg.ask.addscript.confirm": (
            "预览：客户说「{sample}」时的三条建议。点保存；或再发一句客户的话换个预览"
        ),
        "tg.ask.scriptedit.which": "改第几条回复？发编号（/cancel 取消）：",
        "tg.ask.scriptedit.add_variant": "发新的回复，每行一条（/cancel 取消）",
        "tg.ask.scriptedit.set_variant": "发第 {number} 条回复的新内容（/cancel 取消）",
        "tg.ask.scriptedit.add_trigger": "发新的触发语，每行一条（/cancel 取消）",
        "tg.ask.scriptedit.remove_trigger": "发要删除的触发语（原文或编号，/cancel 取消）：",
        "tg.history_title": "{id} 的版本（最新在下）：",
        "tg.history_line": "第 {version} 版 · {when} · {who} · {status}",
        "tg.usage.history": "用法：/history 话术编号",
        "tg.usage.revert": "用法：/revert 话术编号 版本号",
        "tg.usage.exportscripts": "用法：/exportscripts [toml|csv|xlsx]",
        "tg.export_scripts_caption": "话术库（{rows} 条话术），可改后直接发回导入",
        "tg.template_caption": (
            "话术导入模板：一行一条话术；触发语和回复在单元格内每行一条；说明见「说明」工作表"
        ),
        "tg.upload.too_big": "{file} 有 {size} MB，超过机器人可下载的 {limit} 上限，未下载",
        "tg.upload.reading": "正在检查 {file}……",
        "tg.upload.progress": "正在检查 {file}：已读 {rows} 行",
        "tg.upload.ask": "确认后一次性应用全部改动；取消则数据库不变",
        "tg.upload.waiting": "{file} 正在等待确认：点确认或取消（/cancel）",
        "template.sheet": "说明",
        "template.column": "列",
        "template.meaning": "含义",
        "template.id": "话术编号：小写字母、数字、- 或 _，全库唯一",
        "template.category": "分类编号，如 price、first_inquiry",
        "template.accounts": "适用账号，每行一个（如 TJ）；留空或 all 表示全部",
        "template.channel": "dm（私信）、comment（评论区）或 both",
        "template.triggers": "客户的说法，单元格内每行一条，至少 3 条",
        "template.replies": (
            "回复话术，单元格内每行一条，至少 3 条；可用 {{{{ hook }}}}、{{{{ headcount }}}} 等"
        ),
        "template.hooks": "钩子（留资后给的资料），每行一个，可留空",
        "template.tags": "标签，每行一个，可留空",
        "template.rules": (
            "文件最大 20 MB；导入前整个文件先检查；文件即整个话术库，文件里没有的话术会被停用"
        ),
        # summaries (daily / weekly / monthly, /summary, replydesk summary, the chart)
        "tg.cmd.summary": "数据汇总（today/yesterday/week/month/日期）",
        "summary.title.day": "📊 日报 {name}（0:00–{until}）",
        "summary.title.week": "📊 周报 {name}（{start} 至 {last}）",
        "summary.title.month": "📊 月报 {name}（{start} 至 {last}）",
        "summary.account": "账号：{account}",
        "summary.empty": "这段时间没有咨询、线索或成交。",
        "summary.versus": "括号内对比：{names}",
        "summary.vs.last_week": "上周同日同时段",
        "summary.vs.avg7": "近 7 日同时段均值",
        "summary.vs.previous_week": "上一周同期",
        "summary.vs.previous_month": "上个月同期",
        "summary.inquiries": "咨询：{value}（{changes}）",
        "summary.unmatched": "未匹配咨询（另计）：{value}（{changes}）",
        "summary.leads": "线索：{value}（{changes}）",
        "summary.won": "成交：{value} 单（{changes}）",
        "summary.won_value": "成交金额：¥{value}（{changes}）",
        "summary.precision": "精准咨询占比：{pct}（有效 {valid} / 无效 {invalid}；{changes}）",
        "summary.use": "建议采用率：{pct}（{used}/{inquiries}；{changes}）",
        "summary.hook": "钩子转化：{pct}（留资 {leads}/发钩子 {hooked}；{changes}）",
        "summary.by_account": "按账号（咨询 / 线索）：",
        "summary.by_operator": "按运营（咨询 / 线索）：",
        "summary.by_category": "线索按首次咨询分类：",
        "summary.by_city": "线索按城市：",
        "summary.nobody": "（未记录运营）",
        "summary.unknown": "未填",
        "summary.digest.top": "高频客户问题（按匹配话术）：",
        "summary.digest.top_row": "  {script}（{category}）：{n} 次",
        "summary.digest.none": "  （无）",
        "summary.digest.unmatched": "未匹配任何话术的咨询：{n} 条（话术库缺少的）",
        "summary.digest.best": "转化最好的话术：",
        "summary.digest.worst": "转化最差的话术：",
        "summary.digest.few": "  （使用次数不足，暂无结论）",
        "summary.digest.row": "  {script}：{leads} 条线索 / 使用 {uses} 次（{pct}）",
        "summary.chart_written": "图表已写入 {path}",
        "summary.no_chart": "图表未能生成（详见日志）",
        "chart.title": "近 30 天咨询与线索（按账号）",
        "chart.inquiries": "咨询",
        "chart.leads": "线索",
        "chart.empty": "暂无数据",
        "chart.no_font": "未找到中文字体（请安装 fonts-noto-cjk），图中的中文会显示为方框",
        "error.bad_period": (
            "无法识别时间「{value}」：可用 today、yesterday、week、month 或 YYYY-MM-DD"
        ),
        "error.future_period": "「{value}」还没到，无法汇总",
        # live reload, sync, validation on save, conversion stats (issue 9)
        "error.comment_unsafe": (
            "评论区话术 {id} 的 {field} 含有「{word}」（评论会被隐藏或限流），未保存"
        ),
        "error.stats_days": "统计天数只能是 7 或 30，收到 {value}",
        "stats.title": "话术转化 · 近 {days} 天{scope}",
        "stats.scope_account": " · 账号 {account}",
        "stats.scope_category": " · 分类 {category}",
        "stats.attribution": (
            "归因：一条客资算给它所在对话里、留资之前最后一条被使用的建议（话术和钩子）；"
            "转化 = 客资 ÷ 使用次数。对话里没用过建议的客资不归因（本期 {unattributed} 条）"
        ),
        "stats.nothing_used": "这段时间没有使用过的建议",
        "stats.best": "{category}：最好 {id}（转化 {rate}，使用 {used}，客资 {leads}）",
        "stats.worst": "　　最差 {id}（转化 {rate}，使用 {used}，客资 {leads}）",
        "stats.idle": "30 天未被使用、可考虑停用的话术（{n}）：{ids}",
        "stats.more": " 等另 {n} 条",
        "stats.by_script": "按话术：",
        "stats.by_hook": "按钩子：",
        "stats.by_account": "按账号：",
        "stats.columns": "话术\t钩子/账号\t建议\t使用\t客资\t转化\t成交\t成交额",
        "sync.preview": "种子库与数据库相比：新增 {added} · 可更新 {changed} · 保留团队修改 {kept}",
        "sync.kept": "保留（团队改过）：{ids}",
        "sync.nothing": "数据库已包含种子库的全部内容，无需同步",
        "sync.notice": (
            "种子话术库有 {n} 处新内容，运行 replydesk scripts sync 查看并同步（未自动应用）"
        ),
        "tg.cmd.scriptstats": "话术转化统计（组长）",
        # `replydesk eval` and `replydesk quality` reports (bot/evalfile, evalcv, qualityfile)
        "report.file": "== {file}",
        "report.starter": "每个参评方先学习 {n} 条内置起步样例（与被评行相同的已剔除）",
        "report.rows": "行数：{n}",
        "report.top1": "首位命中：{share}（{hits}/{total}）",
        "report.top3": "前三命中：{share}（{hits}/{total}）",
        "report.confidence": (
            "有把握：{sure} 行，首位命中 {sure_share}；不确定：{unsure} 行，首位命中 {unsure_share}"
        ),
        "report.calibration": (
            "校准：平均最高分 {mean} 对首位命中 {share}；期望校准误差 {error} 分（分 10 档）"
        ),
        "report.col.field": "字段",
        "report.col.precision": "精确率",
        "report.col.recall": "召回率",
        "report.col.f1": "F1",
        "report.col.tp": "命中",
        "report.col.fp": "误报",
        "report.col.fn": "漏报",
        "report.confusion": "分错的（标注 → 预测，只列不一致的）：",
        "report.none": "  （无）",
        "report.misses": "分错的行：",
        "report.miss": "  [{gold} → {predicted}] {text}",
        "report.cv": "交叉验证：{k} 折，按分类分层，归一化后相同的文本在同一折",
        "report.summary": (
            "{name} 首位 {mean} ± {spread}   前三 {top3}"
            "   （合计 {hits}/{total}，前三 {hits3}/{total}）"
        ),
        "report.engine": "引擎",
        "report.baseline": "基线",
        "report.lofo": "留一文件（用其余文件训练，给留出的文件打分）",
        "report.part": "    {file}：{score}",
        "report.score": "首位 {share}（{hits}/{total}），前三 {share3}（{hits3}/{total}）",
        "report.prequential": "按顺序学习（按文件顺序；每次分错都在下一行之前学会）",
        "report.first_half": "  前一半：{score}",
        "report.second_half": "  后一半：{score}",
        "report.half": "导入前一半（{half} 行）为样例，给后一半（{rest} 行）打分",
        "report.contender": "  {name} {score}",
        "report.quality": "回复质量：{sets} 组建议，共 {replies} 条回复",
        "report.kind.reask": "重问已给的信息",
        "report.kind.contact_reask": "再要已留的联系方式",
        "report.kind.missing_hook": "该有钩子却没有",
        "report.kind.broken": "回复残缺",
        "report.kind": "  {kind} {share}（{count}/{replies}）",
        "report.example": "      例：{text}",
    }
)

EN = MappingProxyType(
    {
        "category": "Category",
        "label_sep": ": ",
        "tg.why": 'Why: closest example "{trigger}"',
        "tg.btn.more": "🔁 New wordings",
        "tg.btn.channel.comment": "💬 Comment version",
        "tg.btn.channel.dm": "✉️ DM version",
        "tg.btn.lead": "📝 Log lead",
        "tg.btn.category": "🏷 Category",
        "tg.btn.new": "🆕 New customer",
        "tg.btn.confirm": "✅ Log it",
        "tg.btn.cancel": "❌ Cancel",
        "tg.btn.prev": "◀ Previous",
        "tg.btn.next": "Next ▶",
        "tg.btn.undo": "↩ Undo",
        "tg.no_examples": "No category corrections yet",
        "tg.examples_title": "Latest category corrections (undo removes one for everyone)",
        "tg.example_removed": "Correction #{id} undone",
        "tg.used": "Marked reply {n} as used",
        "tg.pick_category": "Pick the right category:",
        "tg.new_thread": "🆕 New customer: the next message starts a new thread",
        "tg.ask.lead.contact": "Send the customer's RED nickname, phone or WeChat id (/cancel)",
        "tg.ask.lead.need": "What does the customer need? One sentence (/cancel)",
        "tg.ask.deal.value": "What is the deal worth, in yuan? (/cancel)",
        "tg.confirm_lead": "Log this lead?",
        "tg.lead_logged": "✅ Logged lead {clue}",
        "tg.cancelled": "Cancelled; nothing saved",
        "tg.nothing_to_cancel": "Nothing to cancel",
        "tg.account": "Current account: {account}. Tap to switch:",
        "tg.account_set": "Switched to account {account}",
        "tg.status_set": "{clue} is now {status}",
        "tg.deal_set": "{clue} won, worth {value} yuan",
        "tg.note_added": "Note added to {clue}",
        "tg.usage.lead": "Usage: /lead CLUE",
        "tg.usage.note": "Usage: /note CLUE TEXT",
        "tg.usage.grant": "Usage: /grant USER_ID operator|lead|admin",
        "tg.usage.revoke": "Usage: /revoke USER_ID",
        "tg.granted": "{user} is now {role}",
        "tg.revoked": "{user} may no longer use the bot",
        "tg.leads_title": "Today's leads (page {page})",
        "tg.found_title": 'Results for "{query}"',
        "tg.export_caption": "Lead table {day_from} to {day_to}, {rows} leads",
        "tg.bad_date": "'{value}' is not a date; write YYYY-MM-DD",
        "tg.failed": "Something went wrong; it was logged",
        "tg.not_text": "Please send text (stickers, photos and voice are not read)",
        "tg.help": (
            "<b>replydesk</b>\n"
            "Send (or forward) a customer's DM or comment: you get the category, why, and"
            " three varied replies; tap a reply to copy it.\n"
            "Example: <code>你好，我们公司60人想10月去古北水镇团建两天，人均800左右</code>\n\n"
            "Buttons: ✅1/2/3 mark used · 🔁 new wordings · 💬 comment version · 📝 log lead ·"
            " 🏷 category · 🆕 new customer\n\n"
            "Commands: /account · /new · /leads · /lead CLUE · /note CLUE TEXT · /find QUERY ·"
            " /export [FROM] [TO] · /cancel\n"
            "Summaries and follow-ups: /summary [today|yesterday|week|month|DATE] [ACCOUNT] ·"
            " /followups\n"
            "Script library: /propose · /scripts (team leads) · /addscript · /pending ·"
            " /candidates · /scriptstats · /history ID · /revert ID VERSION · /exportscripts ·"
            " /template; team leads may send a .toml/.csv/.xlsx file to import scripts"
        ),
        "tg.cmd.start": "Start",
        "tg.cmd.help": "How to use it",
        "tg.cmd.account": "Switch account",
        "tg.cmd.new": "New customer",
        "tg.cmd.leads": "Today's leads",
        "tg.cmd.lead": "Show a lead",
        "tg.cmd.note": "Add a note to a lead",
        "tg.cmd.find": "Find leads",
        "tg.cmd.export": "Export the lead table",
        "tg.cmd.cancel": "Cancel the current step",
        "error.dialogue_moved": "This step was already taken elsewhere; see the latest message",
        "error.no_token": "No Telegram bot token: set {env} or [telegram] token",
        "error.bad_token": (
            "The Telegram bot token looks like a placeholder: put a real one in {env}"
        ),
        "error.webhook_config": "webhook mode needs [telegram.webhook] url and secret_token",
        "error.token_refused": "Telegram refused the bot token ({env}): check it",
        "error.bot_api_unreachable": "cannot reach the Telegram Bot API ({url}): check the network",
        "error.already_handled": "This message was handled already",
        "chat.same_customer": "Same customer · message {n}",
        "chat.thread_fields": "Customer so far",
        "chat.no_clipboard": "(no clipboard on this machine: copy the reply above by hand)",
        "chat.new_thread": "New customer: the next message starts a new thread",
        "chat.bad_thread": "a thread number is digits, got '{value}'",
        "chat.thread_resumed": "Back in customer thread #{id} ({n} messages)",
        "chat.thread_reopened": "Back in this lead's customer thread #{id}",
        "chat.no_threads": "No customer threads yet",
        "chat.thread_has_lead": " · lead logged",
        "lead.find_needs_query": "Type a phone, WeChat id, nickname or clue number after /find",
        "unmatched": "unmatched",
        "unmatched_line": "unmatched (nothing in the library is close: ask what they need)",
        "error.permission": "{name} ({role}) may not do this; it needs the {needed} role",
        "error.stranger": (
            "You may not use this assistant yet. Your Telegram user id is {user_id}:"
            " send it to an admin."
        ),
        "error.revoke_listed": "{user} is listed in the config ([access]): remove it there",
        "error.revoke_unknown": "{user} has no role to revoke",
        "error.need_contact": "A lead needs a RED nickname, a phone or a WeChat id",
        "error.bad_phone": "'{value}' is not an 11-digit mainland mobile number (1, then 3-9, ...)",
        "error.bad_status": (
            "unknown status '{value}'; use new, contacted, awaiting_reply, won, lost or invalid"
        ),
        "error.find_needs_query": "Type a phone, WeChat id, nickname or clue number to find",
        "error.no_thread": "There is no customer thread {thread}",
        "error.unknown_account": "unknown account '{account}' (configured: {known})",
        "error.lead": "There is no lead with clue number {clue}",
        "error.inquiry": "There is no inquiry {id}",
        "error.example": "There is no learned example {id} (or it was undone)",
        "error.script": "There is no script {id}",
        "error.script_version": "Script {id} has no version {version}",
        "error.script_conflict": (
            "Script {id} was changed by {who} at {when} to version {current} after the version"
            " {version} you started from (changed: {fields}); your change was not saved:"
            " look at the newest version first"
        ),
        "error.stale_script": "Script {id} is now at version {current}; your change was not saved",
        "error.script_active": "Script {id} is already active",
        "error.script_retired": "Script {id} is already retired",
        "error.script_file": (
            "{file} has {count} problem(s); nothing of it was imported, the database is unchanged:"
        ),
        "error.script_format": "{file}: only .toml, .csv or .xlsx files can be imported",
        "error.script_missing": "No such file: {file}",
        "error.db_unsupported": (
            "Unsupported database {url}: [database] url takes sqlite:/// or postgresql://"
        ),
        "error.db_bad_url": (
            "[database] url is not a database URL (it starts sqlite:/// or postgresql://)"
        ),
        "error.library_field": "Script {id}: {field} {detail}; not saved",
        "problem.in_cell": "line {item} of the cell {reason}",
        "problem.id": "must be lowercase letters, digits, '-' or '_' (at most 64)",
        "problem.unknown_field": "is not a known field",
        "problem.category": "must be a category id such as 'price' or 'first_inquiry'",
        "problem.channel": "must be one of dm, comment, both",
        "problem.synonym_close": "has a '}}' without its '{{'",
        "problem.synonym_nested": "has a synonym group inside another ('{{a|{{b|c}}}}')",
        "problem.synonym_open": "has a '{{' that is never closed",
        "problem.synonym_single": (
            "has '{{{group}}}': a synonym group needs two choices split by '|'"
        ),
        "problem.synonym_empty": "has an empty choice in '{{{group}}}'",
        "problem.template": "is not a valid template: {detail}",
        "problem.strings": "must be a list of strings",
        "problem.empty_strings": "must not contain empty strings",
        "problem.min_variants": "must have at least {minimum} variants (has {count})",
        "problem.accounts": 'must be "all" or a non-empty list of account codes',
        "problem.account_code": "has an invalid account code '{value}'",
        "problem.comment_unsafe": (
            "carries '{word}', which comments must not (the platform hides them)"
        ),
        "problem.duplicate_id": "'{id}' is already row {first}",
        "problem.no_scripts": "the file has no scripts",
        "problem.toml_syntax": "TOML syntax: {detail}",
        "problem.toml_only_scripts": "a script file holds only [[script]] tables",
        "problem.binary": "this is a binary file, not text: save it as UTF-8 text",
        "problem.not_utf8": "not valid UTF-8 text; save it as UTF-8",
        "problem.gbk": (
            "not valid UTF-8 text; it looks like GBK (Excel's Chinese CSV): save it as CSV UTF-8"
        ),
        "problem.cells": "{cells} cells, the header has {header}",
        "problem.column_missing": "required column missing",
        "problem.column_unknown": "unknown column (columns are the library's keys)",
        "problem.not_xlsx": "not an xlsx workbook (save it from Excel or WPS as .xlsx)",
        "problem.xlsx_unreadable": "the workbook cannot be read: {detail}",
        "problem.formula": "cell {cell} is a formula: type the value",
        "problem.sheet_empty": "the first sheet is empty",
        "problem.right_of_last": "a cell right of the last column",
        "error.script_unknown_category": (
            "No category '{value}' (scripts {scripts}); nothing saved. Use one of {allowed},"
            " or have an admin add it first with scripts category-add"
        ),
        "error.config_not_found": "Config file not found: {file}",
        "error.config_unreadable": "Cannot read the config file {file} (missing or not permitted)",
        "error.config_not_utf8": "The config file {file} is not UTF-8; save it as UTF-8",
        "error.config_syntax": "{file}, line {line}, column {column}: TOML syntax error",
        "error.config_unknown_key": "{file}: {where}: unknown key (a typo?)",
        "error.config_default_account": (
            "{file}: default_account {value!r} is not among [[accounts]]"
        ),
        "error.config_ids": "{file}: {where}: must be a list of Telegram ids (whole numbers)",
        "error.config_type_float": "{file}: {where}: must be a number, got {value}",
        "error.config_type_int": "{file}: {where}: must be a whole number, got {value}",
        "error.config_type_bool": "{file}: {where}: must be true or false, got {value}",
        "error.config_type_str": "{file}: {where}: must be quoted text, got {value}",
        "error.config_type_list": "{file}: {where}: must be a list [...], got {value}",
        "error.config_strings": "{file}: {where}: must be a list of strings",
        "error.config_table": "{file}: {where}: must be a table",
        "error.config_between": "{file}: {where}: must be between {low} and {high}, got {value}",
        "error.config_clock": "{file}: {where}: must be HH:MM (24-hour), got {value}",
        "error.config_weekly": (
            "{file}: {where}: must be a weekday (Mon…Sun) and HH:MM, got {value}"
        ),
        "error.config_quiet": (
            "{file}: {where}: must be HH:MM-HH:MM (or empty for none), got {value}"
        ),
        "error.config_accounts": "{file}: accounts: must be one or more [[accounts]] tables",
        "error.config_account_code": '{file}: account #{n} has no code (such as "TJ")',
        "error.config_account_code_chars": (
            "{file}: {where}: {value!r} must be 1-12 letters or digits"
        ),
        "error.config_accounts_twice": "{file}: accounts: the same code appears twice",
        "error.config_choice": "{file}: {where}: must be one of {allowed}, got {value}",
        "error.config_timezone": "{file}: unknown time zone {value!r} (such as Asia/Shanghai)",
        "error.config_clue_format": "{file}: [leads] clue_format: {detail}",
        "error.labelled_unreadable": "Cannot read {file} (missing or not permitted)",
        "error.labelled_not_utf8": "{file}, line {line}: not UTF-8; file refused whole",
        "error.labelled_gbk": (
            "{file}, line {line}: looks like GBK; save it as UTF-8. File refused whole"
        ),
        "error.labelled_missing_column": (
            "{file}, line 1: the header has no '{column}' column; file refused whole"
        ),
        "error.labelled_duplicate": "{file}, line {line}: repeats line {first}; file refused whole",
        "error.labelled_empty_text": "{file}, line {line}: empty text; file refused whole",
        "error.labelled_empty_category": "{file}, line {line}: empty category; file refused whole",
        "error.labelled_unknown_category": (
            "{file}, line {line}: no category '{value}' (use one of {allowed}); file refused whole"
        ),
        "error.labelled_unknown_account": (
            "{file}: no account '{value}' (configured: {known}); file refused whole"
        ),
        "error.script_too_big": "{file} is over {limit}; not read",
        "scripts.problem": "  row {row}, column {column}: {reason}",
        "scripts.more_problems": "  ... and {n} more",
        "scripts.preview": (
            "added {added} · changed {changed} · retired {retired} · unchanged {unchanged}"
        ),
        "scripts.preview.added": "  + added: {ids}",
        "scripts.preview.changed": "  ~ changed: {ids}",
        "scripts.preview.retired": "  - retired: {ids}",
        "scripts.nothing": "The file equals the database's library: nothing to import",
        "scripts.ask": "apply? [y/N] ",
        "scripts.applied": "Imported: every process uses the new library from its next inquiry",
        "scripts.not_applied": "Cancelled; the database is unchanged",
        "scripts.exported": "Exported {path} ({rows} scripts)",
        "scripts.status.active": "active",
        "scripts.status.retired": "retired",
        "scripts.saved": "Script {id} saved as version {version}",
        "scripts.history": "version {version}\t{when}\t{who}\t{status}",
        "scripts.nobody": "(imported from a file)",
        "error.bad_category": "unknown category '{value}'; use one of {allowed}",
        "error.suggestion": "There is no suggestion {id}",
        "error.other": "The action failed (add -v for details)",
        "error.bad_deal_value": "a deal value is a non-negative whole number, got '{value}'",
        "error.empty_note": "a note must not be empty",
        "error.bad_source": "unknown source '{value}'; use one of {allowed}",
        "error.bad_channel": "unknown channel '{value}'; use one of {allowed}",
        "error.bad_role": "unknown role '{value}'; use one of {allowed}",
        "error.too_long": "{field} is {length} characters long; the limit is {limit}",
        "error.out_of_range": "{field} is out of range: {value}",
        "role.operator": "operator",
        "role.lead": "team lead",
        "role.admin": "admin",
        "confidence": "score",
        "not_sure": "Not sure; it may be:",
        "why": "Why",
        "matched_trigger": 'closest example "{trigger}"; replies from script {script}',
        "shared_words": "shared words: {words}",
        "alternatives": "Alternatives",
        "suggestions": "Suggested replies",
        "no_suggestions": "(no script available for this category)",
        "safe_version": "Comment-safe version",
        "safety_hits": "Diversion risks",
        "fields": "Extracted fields",
        "no_fields": "(none found)",
        "field.city": "city",
        "field.headcount": "headcount",
        "field.budget_per_head": "budget per head",
        "field.budget_total": "total budget",
        "field.month": "month",
        "field.phone": "phone",
        "field.wechat": "WeChat",
        "severity.block": "must fix",
        "severity.warn": "careful",
        "error": "Error: {message}",
        "error.DatabaseUnavailable": "database unavailable",
        "input.empty": "the inquiry is empty: paste the customer's message",
        "input.too_long": (
            "the inquiry is {length} characters; the limit is {limit}:"
            " paste only the customer's message"
        ),
        "input.line_too_long": "the line is {length} characters; the limit is {limit}",
        "input.bad_utf8": "this line is not UTF-8 (byte {byte} at position {position}); skipped",
        "input.no_inquiry": 'Give the inquiry: replydesk match "text", or --json to read stdin',
        "input.bad_argument": (
            "argument {argument} is not valid UTF-8 (byte {byte}): check the terminal's encoding"
        ),
        "error.DatabaseFull": "database full (no disk space left, or its size limit reached)",
        "error.DatabaseCorrupt": "database file damaged",
        "error.schema_incomplete": (
            "database {url} says it is at schema revision {revision} but has no table {tables}:"
            " restore a backup, or use another database"
        ),
        "error.SchemaTooNew": "the database is newer than this program",
        "error.NotFound": "not found",
        "error.InvalidValue": "invalid input",
        "error.ClueFormatError": "bad clue-number format",
        "repeat_warning": "⚠ this sentence was already used {count} times today on this account",
        "chat.welcome": "replydesk · account {account} · channel {channel} · /help for commands",
        "chat.pick_account": "Account ({choices}) [{default}]: ",
        "chat.prompt": "[{account}·{channel}] paste an inquiry> ",
        "chat.help": (
            "Paste a customer DM or comment to get suggested replies.\n"
            "  1/2/3        mark that reply used (and copy it)\n"
            "  n            three new wordings\n"
            "  c            switch between DM and comment channel\n"
            "  /lead        log a lead from the last inquiry\n"
            "  /lead CLUE   show a lead; change its status or add a note\n"
            "  /leads       today's leads\n"
            "  /find TEXT   find leads by phone, WeChat id, nickname or clue number\n"
            "  /new         start a new customer (the next message starts a thread)\n"
            "  /thread      recent customer threads; /thread ID resumes one\n"
            "  /cat CAT     the last category was wrong: learn CAT (label or id) for everyone\n"
            "  /examples    latest corrections; /examples undo ID removes one (team leads)\n"
            "  /today       today's inquiries per category and leads\n"
            "  /followups   customers to follow up now; /followups sent THREAD etc. marks one\n"
            "  /account TJ  switch account\n"
            "  /quit        leave (or Ctrl-D)"
        ),
        "chat.bye": "Bye!",
        "chat.cancelled": "Cancelled",
        "chat.used": "Marked reply {n} as used{copied}",
        "chat.copied": " and copied it",
        "chat.no_inquiry": "No inquiry yet: paste a customer message first",
        "chat.no_such_reply": "There is no reply {n}",
        "chat.channel": "Switched to the {channel} channel",
        "chat.channel.dm": "DM",
        "chat.channel.comment": "comment",
        "chat.account": "Switched to account {account}",
        "chat.unknown_command": "Unknown command {command}; try /help",
        "lead.ask": "{label}{current}: ",
        "lead.need_contact": "A lead needs a RED nickname, a phone or a WeChat id",
        "permission.denied": "{name} ({role}) may not do this; it needs the {needed} role",
        "lead.confirm": "Log it? [Y/n] ",
        "lead.cancelled": "Cancelled; nothing logged",
        "lead.logged": "Logged lead {clue}",
        "lead.duplicate": "⚠ possible duplicate of {clues} (same contact or nickname)",
        "lead.none": "No leads today yet",
        "lead.not_found": "Nothing found for {query}",
        "lead.edit": "New status ({statuses}) or a note; Enter to skip: ",
        "lead.status_set": "{clue} is now {status}",
        "lead.note_added": "Note added to {clue}",
        "lead.invalid_category": "This inquiry is not a lead; type /lead! to log it anyway",
        "today.title": "Today, {day}",
        "today.categories": "Inquiries by category",
        "today.leads": "Leads",
        "col.date": "Date",
        "col.account": "Account",
        "col.red_nickname": "RED nickname",
        "col.need": "Need",
        "col.city": "City",
        "col.wechat": "WeChat id",
        "col.clue_number": "Clue number",
        "col.notes": "Notes",
        "col.phone": "Phone",
        "col.status": "Status",
        "col.headcount": "Headcount",
        "col.budget_per_head": "Budget per head",
        "col.budget_total": "Total budget",
        "col.month": "Month",
        "col.source": "Source",
        "col.deal_value": "Deal value",
        "col.operator": "Operator",
        "col.created_at": "Logged at",
        "col.script_id": "Script",
        "status.new": "new",
        "status.contacted": "contacted",
        "status.awaiting_reply": "awaiting reply",
        "status.won": "won",
        "status.lost": "lost",
        "status.invalid": "invalid",
        "source.dm": "DM",
        "source.comment": "comment",
        "source.outreach": "outreach",
        "event.created": "logged",
        "event.status": "status",
        "event.note": "note",
        "event.edit": "edit",
        "lead.history": "History",
        "lead.none_in_range": "No leads in this range",
        "cli.bad_number": "{flag} must be a whole number ({allowed}), got '{value}'",
        "lead.bad_phone": "'{value}' is not an 11-digit mainland mobile number (1, then 3-9, ...)",
        "cli.bad_date": "{flag}: '{value}' is not a date; write YYYY-MM-DD",
        "cli.bad_range": "--from {day_from} is after --to {day_to}",
        "export.done": "{path} ({rows} leads)",
        "export.bad_format": "unknown export format '{format}'; use xlsx or csv (--format)",
        "export.cannot_write": "cannot write {path} (system error {reason})",
        "export.no_folder": "cannot write {path}: no such folder",
        "export.denied": "cannot write {path}: permission denied",
        "export.full": "cannot write {path}: the disk is full",
        "export.is_folder": "cannot write {path}: it is a folder; give a file name",
        "examples.corrected": (
            "Now {category}, learned as example #{id}: it counts for everyone from the next inquiry"
        ),
        "examples.cat_needs_category": "Type a category after /cat: {allowed}",
        "examples.none": "No learned examples yet",
        "examples.removed": "Example #{id} ({category}) undone for everyone from the next inquiry",
        "examples.bad_id": "an example number is digits, got '{value}'",
        "examples.flag": "⚠ equals an example of {categories}",
        "examples.counts": "Examples per category:",
        "examples.imported": "Imported {n} examples ({skipped} already there, skipped)",
        "examples.exported": "{path} ({rows} examples)",
        "source.correction": "correction",
        "source.import": "import",
        # jobs: scheduled summaries, exactly-once sends, re-activation follow-ups
        "jobs.late": "⏰ Sent late: due at {at} (no bot was running then)",
        "jobs.status.none": "No scheduled sends yet",
        "jobs.status.title": "Latest scheduled sends ({n}):",
        "jobs.status.row": "{when} · {job} {period} → {chat} · {state}{late}{error}",
        "jobs.status.late": " · late",
        "jobs.job.daily": "daily",
        "jobs.job.weekly": "weekly",
        "jobs.job.monthly": "monthly",
        "jobs.job.followup": "follow-up",
        "jobs.job.proposal": "proposal notice",
        "jobs.state.claimed": "to send",
        "jobs.state.sending": "sending",
        "jobs.state.sent": "sent",
        "jobs.state.failed": "failed",
        "jobs.state.uncertain": "may not have arrived (not resent)",
        "fu.none": "No customer to follow up right now",
        "fu.title": "Customers to follow up ({n}):",
        "fu.head": "⏰ Follow up · {account} · thread #{thread}{clue}",
        "fu.clue": " · lead {clue}",
        "fu.where": "Customer: {situation} · round {round}/{rounds} · due since {due}",
        "fu.suggest": "You could say:",
        "fu.situation.asked_ours": "asked for our contact",
        "fu.situation.kept_asking": "kept asking, left no contact",
        "fu.situation.hesitating": "hesitating",
        "fu.situation.silent": "went silent",
        "fu.btn.sent": "✅ Sent",
        "fu.btn.replied": "💬 Customer replied",
        "fu.btn.won": "🏆 Won",
        "fu.btn.lost": "❌ Lost",
        "fu.btn.snooze": "⏸ Remind me in 24 h",
        "fu.btn.reopen": "🔄 Reopen",
        "fu.done.sent": "Sent (round {round}/{rounds}); next reminder {due}",
        "fu.done.cold": "Last round sent: thread #{thread} has gone cold; it can be reopened",
        "fu.done.replied": (
            "Customer replied: thread #{thread} is your current one again; paste their message"
        ),
        "fu.done.won": "Thread #{thread}: won",
        "fu.done.lost": "Thread #{thread}: lost",
        "fu.done.snooze": "OK, reminding you {due}",
        "fu.done.reopen": "Thread #{thread} is followed up again",
        "fu.chat_start": "{n} customers to follow up: type /followups",
        "fu.cli_hint": (
            "Mark: replydesk followups (or /followups) sent|replied|won|lost|snooze|reopen THREAD"
        ),
        "error.fu_needs_thread": "give the thread id after the action, e.g. sent 12",
        "error.fu_moved": (
            "The follow-up of thread #{thread} was handled elsewhere; see the latest reminder"
        ),
        "error.fu_action": (
            "unknown follow-up action '{value}': sent, replied, won, lost, snooze, reopen"
        ),
        "tg.cmd.followups": "Customers to follow up",
        # proposals, approval queue, candidate triggers, custom categories (issue 9)
        "tg.cmd.propose": "Propose a script, variants or triggers",
        "tg.cmd.pending": "Proposals awaiting a decision",
        "tg.cmd.candidates": "Candidate triggers",
        "error.proposal": "There is no proposal #{id}",
        "error.proposal_kind": "a proposal is a script, a variant or a trigger, not '{value}'",
        "error.proposal_empty": "nothing proposed: write at least one text",
        "error.proposal_needs_script": "say which script (--script ID)",
        "error.proposal_needs_category": "a new script needs a category (--category)",
        "error.proposal_nothing_new": "script {id} has all of these already",
        "error.proposal_script_exists": (
            "script {id} exists, so this new-script proposal cannot apply as it is:"
            " reject it and propose variants or triggers instead"
        ),
        "error.proposal_approved": (
            "proposal #{id} was approved by {who} already; not applied again"
        ),
        "error.proposal_rejected": "proposal #{id} was rejected by {who} already",
        "error.proposal_few_triggers": "a new script needs at least {n} triggers, one per line",
        "error.proposal_press_button": "press one of the buttons above",
        "error.proposal_few_replies": "a new script needs at least {n} replies, one per line",
        "error.proposal_id_taken": "script {id} exists: choose another id, or propose its variants",
        "error.promote_removed": "example #{id} was removed; it cannot become a trigger",
        "error.promote_no_script": "category {category} has no script to add the trigger to",
        "error.promote_other_category": "script {id} is not of category {category}",
        "error.promote_known": "this text is a trigger of script {id} already",
        "error.category_bad_id": (
            "'{value}' is not a category id: a lowercase letter, then lowercase letters,"
            " digits or '_' (at most 40)"
        ),
        "error.category_builtin": "{id} is a built-in category",
        "error.category_exists": "category {id} exists already",
        "error.category_no_label": "category {id} needs a Chinese label",
        "error.category_long_label": "a label has at most {limit} characters",
        "error.category_label_taken": "the label '{label}' belongs to another category",
        "proposals.kind.script": "new script",
        "proposals.kind.variant": "reply variants",
        "proposals.kind.trigger": "triggers",
        "proposals.proposed": "Proposal #{id} ({kind}, script {script}) awaits a team lead",
        "proposals.none": "No proposals awaiting a decision",
        "proposals.approved": "Approved proposal #{id}: script {script} is now version {version}",
        "proposals.rejected": "Rejected proposal #{id}",
        "proposals.by": "Proposed by {who} · {when}",
        "proposals.base": "proposed against version {version}",
        "proposals.triggers": "Triggers",
        "proposals.replies": "Replies",
        "candidates.none": "No candidate triggers",
        "candidates.promoted": "'{text}' is now a trigger of script {script} (version {version})",
        "candidates.no_script": "(no script of this category)",
        "categories.added": "Added category {id} ({label})",
        "tg.ask.propose.kind": "What do you propose? (/cancel to stop)",
        "tg.ask.propose.script": "For which script? Send its id (/cancel to stop)",
        "tg.ask.propose.category": (
            "Which category is the new script? Send one of: {labels} (/cancel to stop)"
        ),
        "tg.ask.propose.triggers": (
            "How do customers ask? One per line, at least 3 (/cancel to stop)"
        ),
        "tg.ask.propose.texts.script": "The replies, one per line, at least 3 (/cancel to stop)",
        "tg.ask.propose.texts.variant": "The new reply wordings, one per line (/cancel to stop)",
        "tg.ask.propose.texts.trigger": (
            "The new customer phrasings, one per line (/cancel to stop)"
        ),
        "tg.ask.reject.reason": (
            "Rejecting proposal #{id}: why? Send a line, or press 'No reason' (/cancel to stop)"
        ),
        "tg.btn.kind.script": "📄 New script",
        "tg.btn.kind.variant": "💬 Reply variants",
        "tg.btn.kind.trigger": "🔑 Triggers",
        "tg.btn.submit": "📨 Submit",
        "tg.btn.approve": "✅ Approve",
        "tg.btn.reject": "❌ Reject",
        "tg.btn.no_reason": "No reason",
        "tg.btn.promote": "➕ #{id} → {script}",
        "tg.btn.pick": "📂 #{id} pick a script",
        "tg.confirm_proposal": "Submit this proposal?",
        "tg.proposal_title": "Proposal #{id} · {kind} · {script}",
        "tg.proposed": "📨 Proposal #{id} submitted; {n} team leads/admins were told",
        "tg.pending_title": "Proposals awaiting a decision ({n})",
        "tg.approved": "✅ Proposal #{id} approved: script {script} version {version}",
        "tg.rejected": "❌ Proposal #{id} rejected",
        "tg.reason": "Reason: {reason}",
        "tg.your_approved": "✅ Your proposal #{id} ({script}) was approved by {who}",
        "tg.your_rejected": "❌ Your proposal #{id} ({script}) was rejected ({who})",
        "tg.candidates_title": (
            "Candidate triggers: operators' corrections not yet a trigger of their category"
        ),
        "tg.pick_script": "Add #{id} to which script?",
        "tg.usage.addcategory": "Usage: /addcategory ID Chinese-label, e.g. /addcategory visa 签证",
        "tg.usage.propose": "Usage: /propose [script|variant|trigger] [script id]",
        # --- scripts in chat and terminal: editing, uploads, exports (issue 9, tgscripts) ---
        "error.script_exists": "Script {id} exists already; choose another id",
        "error.script_created": (
            "Script {id} was created by {who} at {when} after the preview; nothing was imported"
        ),
        "error.bad_variant": "'{value}' is not a number from 1 to {count}",
        "error.bad_trigger": "'{value}' is not a number from 1 to {count}",
        "error.no_trigger": "There is no trigger '{value}'; send its text or number",
        "error.few_lines": "At least {need} lines are needed (got {got}), one per line",
        "error.bad_edit": "unknown edit '{value}'",
        "error.script_edit_args": "scripts edit needs a change (--add-variant, --set-variant, ...)",
        "error.script_from": "{file} must hold exactly one script (it has {count})",
        "tg.cmd.scripts": "Script library (team leads)",
        "tg.cmd.addscript": "Add a script",
        "tg.cmd.history": "A script's versions",
        "tg.cmd.revert": "Bring back an old version",
        "tg.cmd.exportscripts": "Export the library as a file",
        "tg.cmd.template": "Spreadsheet template for imports",
        "tg.scripts_title": "Script library: pick a category",
        "tg.scripts_in": "{category}: {n} scripts",
        "tg.no_scripts": "No scripts in this category yet",
        "tg.script.head": "{id} · version {version} · {status}",
        "tg.script.where": "category: {category} · channel: {channel} · accounts: {accounts}",
        "tg.script.triggers": "Triggers ({n})",
        "tg.script.variants": "Replies ({n})",
        "tg.script.hooks": "Hooks: {hooks}",
        "tg.script.usage": "Last 30 days: suggested {suggested} times · used {used} times",
        "tg.btn.add_variant": "➕ Add reply",
        "tg.btn.edit_variant": "✏️ Edit reply",
        "tg.btn.add_trigger": "➕ Add trigger",
        "tg.btn.remove_trigger": "➖ Remove trigger",
        "tg.btn.retire": "⏸ Retire",
        "tg.btn.restore": "▶️ Restore",
        "tg.btn.save": "💾 Save",
        "tg.btn.apply": "✅ Import",
        "tg.ask.addscript.category": "Which category? Tap one or type its name (/cancel)",
        "tg.ask.addscript.triggers": "Send what customers say, one per line, at least 3 (/cancel)",
        "tg.ask.addscript.variants": (
            "Send the replies, one per line, at least 3 (variables such as {{{{ hook }}}} work)"
        ),
        "tg.ask.addscript.hook": "Send the hooks (what a customer gets for a contact), or -",
        "tg.ask.addscript.confirm": (
            "Preview: three suggestions when a customer says '{sample}'. Save, or send another"
            " customer message for a new preview"
        ),
        "tg.ask.scriptedit.which": "Which reply? Send its number (/cancel):",
        "tg.ask.scriptedit.add_variant": "Send the new replies, one per line (/cancel)",
        "tg.ask.scriptedit.set_variant": "Send the new text of reply {number} (/cancel)",
        "tg.ask.scriptedit.add_trigger": "Send the new triggers, one per line (/cancel)",
        "tg.ask.scriptedit.remove_trigger": "Send the trigger to remove (text or number, /cancel):",
        "tg.history_title": "Versions of {id} (newest last):",
        "tg.history_line": "version {version} · {when} · {who} · {status}",
        "tg.usage.history": "Usage: /history SCRIPT_ID",
        "tg.usage.revert": "Usage: /revert SCRIPT_ID VERSION",
        "tg.usage.exportscripts": "Usage: /exportscripts [toml|csv|xlsx]",
        "tg.export_scripts_caption": "The library ({rows} scripts); edit it and send it back",
        "tg.template_caption": (
            "Import template: one row per script; triggers and replies one per line in a cell;"
            " see the Notes sheet"
        ),
        "tg.upload.too_big": "{file} is {size} MB, over the {limit} a bot may download; not read",
        "tg.upload.reading": "Checking {file}...",
        "tg.upload.progress": "Checking {file}: {rows} rows read",
        "tg.upload.ask": (
            "Confirm applies every change at once; Cancel leaves the database as it is"
        ),
        "tg.upload.waiting": "{file} is waiting: tap Confirm or Cancel (/cancel)",
        "template.sheet": "Notes",
        "template.column": "column",
        "template.meaning": "meaning",
        "template.id": "script id: lowercase letters, digits, - or _; unique in the library",
        "template.category": "category id such as price or first_inquiry",
        "template.accounts": "accounts it serves, one per line (TJ); empty or all: every account",
        "template.channel": "dm, comment or both",
        "template.triggers": "what customers say, one per line in the cell, at least 3",
        "template.replies": (
            "reply variants, one per line, at least 3; {{{{ hook }}}}, {{{{ headcount }}}} ..."
        ),
        "template.hooks": "hooks (what a customer gets for a contact), one per line, optional",
        "template.tags": "tags, one per line, optional",
        "template.rules": (
            "At most 20 MB; the whole file is checked first; the file is the whole library:"
            " scripts it lacks are retired"
        ),
        # summaries (daily / weekly / monthly, /summary, replydesk summary, the chart)
        "tg.cmd.summary": "Summary (today/yesterday/week/month/date)",
        "summary.title.day": "📊 Daily summary {name} (0:00–{until})",
        "summary.title.week": "📊 Weekly digest {name} ({start} to {last})",
        "summary.title.month": "📊 Monthly digest {name} ({start} to {last})",
        "summary.account": "Account: {account}",
        "summary.empty": "No inquiries, leads or deals in this period.",
        "summary.versus": "In brackets, against: {names}",
        "summary.vs.last_week": "same hours, same weekday last week",
        "summary.vs.avg7": "same hours, last 7 days' average",
        "summary.vs.previous_week": "the week before, as far in",
        "summary.vs.previous_month": "the month before, as far in",
        "summary.inquiries": "Inquiries: {value} ({changes})",
        "summary.unmatched": "Unmatched inquiries (counted apart): {value} ({changes})",
        "summary.leads": "Leads: {value} ({changes})",
        "summary.won": "Won deals: {value} ({changes})",
        "summary.won_value": "Won value: ¥{value} ({changes})",
        "summary.precision": (
            "Qualified share: {pct} (valid {valid} / invalid {invalid}; {changes})"
        ),
        "summary.use": "Suggestions used: {pct} ({used}/{inquiries}; {changes})",
        "summary.hook": "Hook conversion: {pct} ({leads} leads / {hooked} hooked; {changes})",
        "summary.by_account": "Per account (inquiries / leads):",
        "summary.by_operator": "Per operator (inquiries / leads):",
        "summary.by_category": "Leads by first inquiry's category:",
        "summary.by_city": "Leads by city:",
        "summary.nobody": "(no operator)",
        "summary.unknown": "unknown",
        "summary.digest.top": "Most frequent customer questions (by matched script):",
        "summary.digest.top_row": "  {script} ({category}): {n}",
        "summary.digest.none": "  (none)",
        "summary.digest.unmatched": "Inquiries no script matched: {n} (what the library lacks)",
        "summary.digest.best": "Best converting scripts:",
        "summary.digest.worst": "Worst converting scripts:",
        "summary.digest.few": "  (too few uses to tell)",
        "summary.digest.row": "  {script}: {leads} leads / {uses} uses ({pct})",
        "summary.chart_written": "chart written to {path}",
        "summary.no_chart": "The chart could not be drawn (see the log)",
        "chart.title": "Inquiries and leads per account, last 30 days",
        "chart.inquiries": "Inquiries",
        "chart.leads": "Leads",
        "chart.empty": "No data yet",
        "chart.no_font": (
            "no Chinese font found (install fonts-noto-cjk); Chinese text shows as boxes"
        ),
        "error.bad_period": (
            "unknown period '{value}': use today, yesterday, week, month or YYYY-MM-DD"
        ),
        "error.future_period": "'{value}' has not come yet",
        # live reload, sync, validation on save, conversion stats (issue 9)
        "error.comment_unsafe": (
            "Comment script {id}: {field} carries “{word}” (comments with it get hidden"
            " or throttled); not saved"
        ),
        "error.stats_days": "Stats cover 7 or 30 days, not {value}",
        "stats.title": "What converts · last {days} days{scope}",
        "stats.scope_account": " · account {account}",
        "stats.scope_category": " · category {category}",
        "stats.attribution": (
            "Attribution: a lead counts for the script and hook of the last suggestion used"
            " in its thread before the contact came; conversion = leads / uses. Leads whose"
            " thread used no suggestion are not attributed ({unattributed} in this period)"
        ),
        "stats.nothing_used": "No suggestion was used in this period",
        "stats.best": "{category}: best {id} ({rate} conversion, {used} used, {leads} leads)",
        "stats.worst": "    worst {id} ({rate} conversion, {used} used, {leads} leads)",
        "stats.idle": "Not used in 30 days, candidates to retire ({n}): {ids}",
        "stats.more": " and {n} more",
        "stats.by_script": "By script:",
        "stats.by_hook": "By hook:",
        "stats.by_account": "By account:",
        "stats.columns": "script\thook/account\tsuggested\tused\tleads\tconversion\twon\tvalue",
        "sync.preview": (
            "The seed library against the database: new {added} · updatable {changed}"
            " · kept (edited by the team) {kept}"
        ),
        "sync.kept": "Kept (edited by the team): {ids}",
        "sync.nothing": "The database already has everything the seed library has",
        "sync.notice": (
            "The seed library has {n} new or changed scripts: run `replydesk scripts sync`"
            " to review them (nothing applied)"
        ),
        "tg.cmd.scriptstats": "what converts, per script (team leads)",
        # `replydesk eval` and `replydesk quality` reports (bot/evalfile, evalcv, qualityfile)
        "report.file": "== {file}",
        "report.starter": (
            "every contender first learns {n} starter examples"
            " (those equal to a scored row left out)"
        ),
        "report.rows": "rows: {n}",
        "report.top1": "top-1 accuracy: {share} ({hits}/{total})",
        "report.top3": "top-3 accuracy: {share} ({hits}/{total})",
        "report.confidence": (
            "confident: {sure} rows, top-1 {sure_share};"
            " not sure: {unsure} rows, top-1 {unsure_share}"
        ),
        "report.calibration": (
            "calibration: mean best score {mean} against top-1 {share};"
            " expected calibration error {error} points (10 bins)"
        ),
        "report.col.field": "field",
        "report.col.precision": "precision",
        "report.col.recall": "recall",
        "report.col.f1": "f1",
        "report.col.tp": "tp",
        "report.col.fp": "fp",
        "report.col.fn": "fn",
        "report.confusion": "confusion (gold → predicted, off-diagonal only):",
        "report.none": "  (none)",
        "report.misses": "misses:",
        "report.miss": "  [{gold} → {predicted}] {text}",
        "report.cv": "cross-validation: {k} folds, stratified, equal normalised texts in one fold",
        "report.summary": (
            "{name} top-1 {mean} ± {spread}   top-3 {top3}"
            "   (pooled {hits}/{total}, top-3 {hits3}/{total})"
        ),
        "report.engine": "engine",
        "report.baseline": "baseline",
        "report.lofo": "leave-one-file-out (train on the other files, score the one left out)",
        "report.part": "    {file}: {score}",
        "report.score": "top-1 {share} ({hits}/{total}), top-3 {share3} ({hits3}/{total})",
        "report.prequential": (
            "prequential (in file order; each miss is learned before the next row)"
        ),
        "report.first_half": "  first half:  {score}",
        "report.second_half": "  second half: {score}",
        "report.half": "first half imported ({half} rows), second half scored ({rest} rows)",
        "report.contender": "  {name} {score}",
        "report.quality": "reply quality: {replies} replies in {sets} suggestion sets",
        "report.kind.reask": "reask",
        "report.kind.contact_reask": "contact_reask",
        "report.kind.missing_hook": "missing_hook",
        "report.kind.broken": "broken",
        "report.kind": "  {kind} {share} ({count}/{replies})",
        "report.example": "      e.g. {text}",
    }
)

# The command line in Chinese: our help strings and argparse's own sentences, keyed by their
# English text (gettext style: English is the text itself). bot.cliparse looks them up.
CLI_ZH = MappingProxyType(
    {
        # argparse's own sentences (its gettext message ids)
        "usage: ": "用法：",
        "positional arguments": "位置参数",
        "options": "选项",
        "show this help message and exit": "显示此帮助并退出",
        "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
        "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
        "unrecognized arguments: %s": "无法识别的参数：%s",
        "the following arguments are required: %s": "缺少必需的参数：%s",
        "one of the arguments %s is required": "参数 %s 必须给出其中一个",
        "not allowed with argument %s": "不能与参数 %s 同时使用",
        "ignored explicit argument %r": "多余的参数值 %r",
        "expected one argument": "需要一个值",
        "expected at most one argument": "最多需要一个值",
        "expected at least one argument": "至少需要一个值",
        "expected %s argument": "需要 %s 个值",
        "expected %s arguments": "需要 %s 个值",
        "ambiguous option: %(option)s could match %(matches)s": (
            "选项 %(option)s 有歧义，可能是 %(matches)s"
        ),
        "unexpected option string: %s": "意外的选项：%s",
        "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
        "invalid choice: %(value)r (choose from %(choices)s)": (
            "无效的选项值：%(value)r（可选：%(choices)s）"
        ),
        "unknown parser %(parser_name)r (choices: %(choices)s)": (
            "未知的子命令 %(parser_name)r（可选：%(choices)s）"
        ),
        # replydesk
        "The `replydesk` command: subcommands over the same use cases as the chat front-ends.": (
            "replydesk 命令行：与终端聊天和 Telegram 机器人共用同一套功能的子命令。"
        ),
        "config file (default: $REPLYDESK_CONFIG, ./config.toml)": (
            "配置文件（默认：$REPLYDESK_CONFIG，其次 ./config.toml）"
        ),
        "log warnings (-v) or debug (-vv)": "输出警告日志（-v）或调试日志（-vv）",
        "classify an inquiry and suggest replies": "给一条咨询分类并建议回复",
        "score the engine on labelled TSV files": "用标注好的 TSV 文件给匹配引擎打分",
        "reply-quality report over labelled TSV files": "用标注好的 TSV 文件检查回复质量",
        "the Telegram bot (long polling, or --webhook)": (
            "运行 Telegram 机器人（长轮询，或 --webhook）"
        ),
        "the assistant in this terminal (the main job)": "在终端里使用回复助手（主要用法）",
        "database maintenance": "数据库维护",
        "log, show, update and find leads (no prompts)": "登记、查看、更新和查找客资（不提问）",
        "write data to a spreadsheet": "把数据写成表格文件",
        "learned examples: import, list, export, remove": (
            "分类纠正（学习样例）：导入、列出、导出、撤销"
        ),
        "the script library in the database (team leads)": "数据库里的话术库（组长使用）",
        "customers to follow up now; mark one by thread id": "现在该跟进的客户；按会话编号标记结果",
        "daily / weekly / monthly figures, optional chart": "日 / 周 / 月客资统计，可附图表",
        "the inquiry (omit with --json to read one per stdin line)": (
            "咨询内容（使用 --json 时可省略，从标准输入每行读一条）"
        ),
        "answer in JSON (TEXT, else one inquiry per stdin line)": (
            "以 JSON 回答（给出咨询内容时答它，否则从标准输入每行读一条）"
        ),
        "account code, e.g. TJ or MZ": "账号代码，例如 TJ 或 MZ",
        "random seed, for repeatable wording": "随机种子，用于复现同样的措辞",
        "list every misclassified row": "列出每一条分错的行",
        "K-fold cross-validation per file": "每个文件做 K 折交叉验证",
        "train on the other files, score one": "用其余文件训练，给留出的一个文件打分",
        "score in order, learning every miss": "按顺序打分，每分错一条就学习一条",
        "import the first half as examples, score the rest": "前一半导入为样例，给后一半打分",
        "learn the bundled starter examples first, as chat, match and the bot do"
        " (those equal to a scored row are left out)": (
            "先学习自带的入门样例，与 chat、match 和机器人一致（与被打分行相同的样例不学）"
        ),
        "skip the LinearSVC baseline": "不运行 LinearSVC 基线",
        "fold assignment seed": "分折的随机种子",
        "serve [telegram.webhook] instead": "改用 [telegram.webhook] 配置的 webhook 模式",
        "apply pending migrations": "执行待应用的数据库迁移",
        "log a lead; prints only its clue number": "登记一条客资，只输出线索编号",
        "a lead and its history": "查看一条客资及其历史",
        "change a lead's status": "修改客资状态",
        "append a note to a lead": "给客资追加备注",
        "leads by phone, WeChat, nickname or clue number": "按手机号、微信、昵称或线索编号查找客资",
        "leads of a day range, oldest first": "列出一段日期内的客资，按时间先后",
        "account code, e.g. TJ": "账号代码，例如 TJ",
        "dm (default), comment or outreach": (
            "dm（私信，默认）、comment（评论）或 outreach（主动联系）"
        ),
        "clue number, e.g. TJ-20250601-001": "线索编号，例如 TJ-20250601-001",
        "new, contacted, awaiting_reply, won, lost, invalid": (
            "new、contacted、awaiting_reply、won、lost 或 invalid"
        ),
        "first day, YYYY-MM-DD": "开始日期，YYYY-MM-DD",
        "last day, YYYY-MM-DD": "结束日期，YYYY-MM-DD",
        "only this account": "只看这个账号",
        "the lead table (客资表) as xlsx or csv": "把客资表导出为 xlsx 或 csv",
        "default: -o's suffix, else xlsx": "默认：按 -o 的扩展名，否则 xlsx",
        "default: ./leads-<from>-<to>.<ext>": "默认：./leads-<开始>-<结束>.<扩展名>",
        "learn a labelled TSV (text, category columns)": (
            "学习一个标注好的 TSV（需要 text 和 category 列）"
        ),
        "active examples, then counts per category": "列出生效的样例，以及每个分类的数量",
        "write the active examples as a labelled TSV": "把生效的样例导出为标注 TSV",
        "undo one example for every process": "撤销一条样例（所有进程都不再学它）",
        "the account of rows that name none (default: all)": (
            "未写账号的行属于哪个账号（默认：全部）"
        ),
        "category id or label": "分类 id 或中文名",
        "write the active library as toml, csv or xlsx": "把生效的话术库导出为 toml、csv 或 xlsx",
        "make the library what a file says, after a preview": "预览后，让话术库与文件内容一致",
        "every script: id, category, status, version": "列出所有话术：id、分类、状态、版本",
        "one script as TOML, with its version": "以 TOML 显示一条话术及其版本",
        "every version of a script: who and when": "一条话术的所有版本：谁改的、何时改的",
        "stop suggesting a script (kept, can be restored)": "停用一条话术（保留，可恢复）",
        "suggest a retired script again": "恢复一条已停用的话术",
        "make an old version the newest": "把旧版本恢复为最新版本",
        "propose a script, variants or triggers": "提议新话术、回复变体或触发语",
        "proposals awaiting a decision": "等待审批的提议",
        "apply a proposal (team leads)": "批准并应用一条提议（组长）",
        "turn a proposal down (team leads)": "驳回一条提议（组长）",
        "corrections that could be triggers": "可以转为触发语的分类纠正",
        "make a learned example a trigger": "把一条学习样例转为触发语",
        "add a custom category (admins)": "新增自定义分类（管理员）",
        "store a new script (from flags or --from FILE.toml)": (
            "新增一条话术（用参数或 --from 文件.toml）"
        ),
        "change one script as one new version": "修改一条话术，保存为一个新版本",
        "take the seed library's new and changed scripts": "同步自带话术库里新增和修改的话术",
        "what converts: per script, hook and account": "转化情况：按话术、钩子和账号",
        "default: -o's suffix": "默认：按 -o 的扩展名",
        "default: ./scripts.<format>": "默认：./scripts.<格式>",
        "apply without asking": "不询问，直接应用",
        "the script (variant, trigger); a new script's id": (
            "所属话术（变体、触发语）；或新话术的 id"
        ),
        "a reply (script, variant) or a trigger; repeat for more": (
            "一条回复（话术、变体）或触发语；可重复"
        ),
        "a new script's trigger (at least 3); repeat for more": (
            "新话术的触发语（至少 3 条）；可重复"
        ),
        "a new script's category (id or label)": "新话术的分类（id 或中文名）",
        "default: the category's script with most triggers": "默认：该分类下触发语最多的话术",
        "the Chinese label": "中文名",
        "an English label": "英文名",
        "default: made from the category (price-1, price-2, ...)": (
            "默认：按分类生成（price-1、price-2……）"
        ),
        "repeatable, at least 3": "可重复，至少 3 条",
        "repeatable": "可重复",
        "comma-separated codes, or all": "逗号分隔的账号代码，或 all",
        "a .toml file with one script": "含一条话术的 .toml 文件",
        "the version you saw (default: current)": "你看到的版本号（默认：当前版本）",
        "replace the hooks (repeatable)": "替换钩子（可重复）",
        "one category (id or label)": "只看一个分类（id 或中文名）",
        "one account code": "只看一个账号代码",
        "what happened": "发生了什么",
        "the thread id shown in the list": "列表里显示的会话编号",
        "today (default), yesterday, week, month or YYYY-MM-DD": (
            "today（今天，默认）、yesterday、week、month 或 YYYY-MM-DD"
        ),
        "write the 30-day chart here": "把近 30 天的图表写到这个文件",
    }
)

LOCALES = MappingProxyType({"zh": ZH, "en": EN})


# Errors about a file a person wrote that have no sentence of their own (a code missing
# from the tables): their detail names the file, line and field, which is the whole point
# of the message, so it is shown (in English) in every locale. Config files and labelled
# TSV files have a sentence per code; script library files (LibraryError) do not yet.
FILE_ERRORS = frozenset({"ConfigError", "LibraryError", "SafetyRulesError"})


def error_text(locale: str, exc: Exception) -> str:
    """One line for a user-caused error, every word of it from the locale's table."""
    table = LOCALES.get(locale, ZH)
    code = getattr(exc, "code", "")
    values = getattr(exc, "values", {})
    if code == "permission":  # role ids named in the locale (运营, 组长, 管理员)
        values = {k: table.get(f"role.{v}", v) if k in ("role", "needed") else v
                  for k, v in values.items()}  # fmt: skip
    if "problem" in values:  # a library field's fault: its reason in the locale
        problem = f"problem.{values['problem']}"
        detail = table[problem].format(**values) if problem in table else values.get("reason")
        values = {**values, "detail": detail}
    keys: tuple[str, ...] = (f"error.{code}", f"input.{code}", code)
    if isinstance(exc, InputError):  # the engine's input errors have texts of their own
        keys = (f"input.{code}", code)
    for key in keys:
        if code and key in table:
            try:
                return text(locale, "error", message=table[key].format(**values))
            except (KeyError, IndexError):  # a text expecting values this error lacks
                logger.warning("text %s does not fit the values of %r", key, exc)
    kind = table.get(f"error.{type(exc).__name__}")
    # The detail of an uncoded error is English: shown as it is only in English, and
    # in Chinese only where it is the whole story (config keys and paths).
    if locale == "en" or type(exc).__name__ in FILE_ERRORS:
        message = f"{kind}: {exc}" if kind else str(exc)
    else:
        logger.warning("%s: %s", type(exc).__name__, exc)
        message = kind or table["error.other"]
        if kind and values.get("url"):
            message = f"{kind}：{values['url']}"
    return text(locale, "error", message=message)


def labelled(locale: str, label: str, value: object) -> str:
    """``label`` already in the locale, then its value: "分类：价格", "Category: Price"."""
    return f"{label}{text(locale, 'label_sep')}{value}"


def text(locale: str, key: str, **values: object) -> str:
    """The sentence for key in the locale (zh when unknown), with values filled in."""
    table = LOCALES.get(locale, ZH)
    return table.get(key, ZH[key]).format(**values)
