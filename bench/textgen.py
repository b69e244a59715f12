"""Realistic Chinese ticket text from templates: places, problems, wishes (deterministic per seed)."""

import random

PLACES = [
    "厨房",
    "卫生间",
    "阳台",
    "客厅",
    "主卧",
    "次卧",
    "电梯",
    "地下车库",
    "楼道",
    "大堂",
    "消防通道",
    "屋顶",
    "外墙",
    "小区门口",
    "垃圾房",
    "绿化带",
    "健身区",
    "儿童游乐场",
    "地面停车场",
    "单元门",
]
PROBLEMS = [
    ("漏水", "repair", "plumbing"),
    ("渗水", "repair", "plumbing"),
    ("堵塞", "repair", "plumbing"),
    ("跳闸", "repair", "electrical"),
    ("停电", "repair", "electrical"),
    ("灯不亮", "repair", "electrical"),
    ("异响", "repair", "elevator"),
    ("门禁失灵", "repair", "access"),
    ("噪音扰民", "complaint", "noise"),
    ("卫生差", "complaint", "cleaning"),
    ("乱停车", "complaint", "parking"),
    ("态度差", "complaint", "attitude"),
    ("物业费怎么交", "inquiry", "fees"),
    ("装修需要办什么手续", "inquiry", "general"),
    ("钥匙锁在屋里", "help", "lockout"),
    ("老人摔倒需要帮忙", "help", "general"),
    ("建议增加充电桩", "suggestion", "general"),
    ("建议延长健身区开放时间", "suggestion", "general"),
]
DETAILS = [
    "已经好几天了",
    "晚上特别明显",
    "昨天开始出现",
    "影响到楼下邻居",
    "业主很着急",
    "之前报过一次没修好",
    "希望尽快处理",
    "下雨后更严重",
    "孩子在家需要尽快处理",
    "请安排师傅上门",
]
WISHES = ["尽快上门维修", "给个说法", "电话回复", "今天之内处理", "减免部分费用", ""]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟"]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def ticket_text(rng: random.Random, unit_code: str) -> tuple[str, str, str, str]:
    """(title, description, kind, category code) for one ticket."""
    place = rng.choice(PLACES)
    problem, kind, category = rng.choice(PROBLEMS)
    title = f"{place}{problem}"
    desc = f"{unit_code}住户反映{place}{problem}，{rng.choice(DETAILS)}，{rng.choice(DETAILS)}。"
    return title, desc, kind, category
