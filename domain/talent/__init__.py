"""The 彝乡 leading-talent programme (彝乡专业社会工作领军人才, seed §九): rounds, applications, county
review, expert scoring, public notice (公示), approval and cultivation."""
